package dev.lethe.bench.operator;

import dev.lethe.api.v1alpha1.CrdFiles;
import dev.lethe.bench.operator.Backlog.JobRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code make bench-operator}: how the operator copes with a backlog. A real etcd and
 * kube-apiserver with an audit log, a backlog of UnlearningJobs made before the operator starts,
 * then the operator in its own JVM with the chart's memory: how long until every trainer Job exists
 * and every job says Pending, its resident memory, and what it asked the API server per job. Then
 * it is stopped with SIGTERM and started again on the same, unchanged jobs: what does it write?
 * Writes operator.md and operator.json; it reports targets as PASS or MISS and never fails.
 *
 * <p>Usage: see {@link BenchOptions}.
 */
public final class OperatorBenchmark {
  /** The operator is settled once it has made no request for this long. */
  static final Duration QUIET = Duration.ofSeconds(5);

  /** It is stopped after this long even if it never settles. */
  static final Duration SETTLE_AT_MOST = Duration.ofSeconds(60);

  static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  /** The programs of the control plane, whose CPU is reported beside the operator's. */
  static final String[] CONTROL_PLANE = {"etcd", "kube-apiserver"};

  static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private final BenchOptions options;
  private final ImageJvm jvm;

  private OperatorBenchmark(BenchOptions options) throws IOException {
    this.options = options;
    this.jvm = ImageJvm.of(CrdFiles.repositoryRoot());
  }

  public static void main(String[] args) throws Exception {
    BenchOptions options = BenchOptions.parse(args);
    Measurements measured = new OperatorBenchmark(options).run();
    OperatorReport report = new OperatorReport(measured);
    report.write(options.results());
    System.out.print(report.markdown());
    System.out.println(
        "wrote "
            + options.results().resolve(OperatorReport.MARKDOWN).toAbsolutePath()
            + " and "
            + OperatorReport.JSON);
  }

  Measurements run() throws Exception {
    String load = loadAverage();
    Files.createDirectories(options.work());
    Instant began = Instant.now();
    log("starting etcd and kube-apiserver (audit log: %s)", options.work().resolve("audit.log"));
    try (AuditedApiServer server = AuditedApiServer.start(options.work())) {
      Instant up = Instant.now();
      List<JobRef> jobs = Backlog.plan(options.jobs(), options.namespaces());
      log("creating %d UnlearningJobs in %d namespaces", options.jobs(), options.namespaces());
      Backlog.create(server.admin(), jobs);
      Instant backlogDone = Instant.now();
      Set<String> keys = jobs.stream().map(JobRef::key).collect(Collectors.toSet());
      AuditLog audit = new AuditLog(server.auditLog(), AuditedApiServer.OPERATOR_USER);
      try (JobWatch watch = new JobWatch(server.admin(), keys)) {
        Measurements.FirstStart first = firstStart(server, audit, watch);
        Measurements.Restart restart = restart(server, audit, watch);
        Measurements.Setup setup =
            new Measurements.Setup(
                began.toString(),
                Runtime.getRuntime().availableProcessors(),
                load,
                loadAverage(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                System.getProperty("lethe.kubernetes.version"),
                options.jobs(),
                options.namespaces(),
                jvm.commandLine(),
                seconds(began, up),
                seconds(up, backlogDone));
        return new Measurements(setup, first, restart);
      }
    }
  }

  private Measurements.FirstStart firstStart(
      AuditedApiServer server, AuditLog audit, JobWatch watch) throws Exception {
    log("starting the operator on the backlog");
    try (OperatorProcess operator =
        OperatorProcess.start(
            jvm,
            options.operatorJar(),
            server.operatorKubeconfig(),
            options.work().resolve("operator-1.log"),
            "lethe-operator-bench-1")) {
      Instant start = operator.started();
      double controlPlaneBefore = ProcessMemory.childrenCpuSeconds(CONTROL_PLANE);
      Instant ready = operator.awaitReady(READY_TIMEOUT);
      log("ready after %.1f s", seconds(start, ready));
      Long rssAtJobs = null;
      Long rssAtPending = null;
      Instant deadline = start.plus(options.timeout());
      int shown = -1;
      while (operator.alive() && Instant.now().isBefore(deadline)) {
        if (rssAtJobs == null && watch.allTrainerJobs().isPresent()) {
          rssAtJobs = ProcessMemory.resident(operator.pid()).now();
        }
        if (watch.allPending().isPresent()) {
          rssAtPending = ProcessMemory.resident(operator.pid()).now();
          break;
        }
        int seconds = (int) seconds(start, Instant.now());
        if (seconds % 5 == 0 && seconds != shown) {
          shown = seconds;
          log(
              "%3d s: %d trainer Jobs, %d jobs Pending",
              seconds, watch.trainerJobs(), watch.pendingJobs());
        }
        Thread.sleep(100);
      }
      if (!operator.alive()) {
        throw new IllegalStateException(
            "the operator exited while the backlog was worked off; see " + operator.log());
      }
      Optional<Instant> allJobs = watch.allTrainerJobs();
      Optional<Instant> allPending = watch.allPending();
      double cpuUntilPending = operator.cpuSeconds();
      double controlPlaneCpu = ProcessMemory.childrenCpuSeconds(CONTROL_PLANE) - controlPlaneBefore;
      log(
          "every trainer Job after %s, every job Pending after %s",
          allJobs.map(t -> String.format("%.1f s", seconds(start, t))).orElse("(not in time)"),
          allPending.map(t -> String.format("%.1f s", seconds(start, t))).orElse("(not in time)"));

      Instant settled = settle(audit, operator);
      log(
          "settled: no request for %d s, %.1f s after start",
          QUIET.toSeconds(), seconds(start, settled));
      ProcessMemory.Resident resident = ProcessMemory.resident(operator.pid());
      double cpuSettled = operator.cpuSeconds();
      Reconciles reconciles = reconciles(operator, "operator-1.metrics");
      Optional<ProcessMemory.Jvm> jvm = ProcessMemory.jvm(operator.pid(), false);
      Optional<ProcessMemory.Jvm> live = ProcessMemory.jvm(operator.pid(), true);
      var states = watch.states();

      Instant stopping = Instant.now();
      int exit = operator.stop(STOP_GRACE);
      double stopSeconds = seconds(stopping, Instant.now());
      List<ApiRequest> requests = audit.read();
      return new Measurements.FirstStart(
          seconds(start, ready),
          allJobs.map(t -> seconds(start, t)).orElse(null),
          watch.trainerJobs(),
          allPending.map(t -> seconds(start, t)).orElse(null),
          watch.pendingJobs(),
          states,
          seconds(start, settled),
          cpuUntilPending,
          cpuSettled,
          controlPlaneCpu,
          rssAtJobs,
          rssAtPending,
          resident.now(),
          resident.peak(),
          jvm.orElse(null),
          live.map(ProcessMemory.Jvm::heapUsed).orElse(null),
          reconciles,
          RequestTally.of(requests, start, allPending.orElse(stopping)),
          RequestTally.of(requests, start, settled),
          exit,
          stopSeconds,
          operator.problems());
    }
  }

  private Measurements.Restart restart(AuditedApiServer server, AuditLog audit, JobWatch watch)
      throws Exception {
    log("starting the operator again on the same jobs");
    try (OperatorProcess operator =
        OperatorProcess.start(
            jvm,
            options.operatorJar(),
            server.operatorKubeconfig(),
            options.work().resolve("operator-2.log"),
            "lethe-operator-bench-2")) {
      Instant start = operator.started();
      Instant ready = operator.awaitReady(READY_TIMEOUT);
      log(
          "ready after %.1f s; watching it for %d s",
          seconds(start, ready), options.restartWait().toSeconds());
      Thread.sleep(options.restartWait().toMillis());
      Reconciles reconciles = reconciles(operator, "operator-2.metrics");
      double cpu = operator.cpuSeconds();
      long peak = ProcessMemory.resident(operator.pid()).peak();
      var states = watch.states();
      Instant stopping = Instant.now();
      int exit = operator.stop(STOP_GRACE);
      List<ApiRequest> requests = audit.read();
      return new Measurements.Restart(
          seconds(start, ready),
          seconds(start, stopping),
          RequestTally.of(requests, start, Instant.now()),
          states,
          reconciles,
          cpu,
          peak,
          exit,
          operator.problems());
    }
  }

  /** Waits until the operator has made no request for {@link #QUIET}; when its last one came. */
  private static Instant settle(AuditLog audit, OperatorProcess operator)
      throws IOException, InterruptedException {
    Instant giveUp = Instant.now().plus(SETTLE_AT_MOST);
    while (true) {
      Instant last =
          audit.read().stream()
              .map(ApiRequest::received)
              .max(Instant::compareTo)
              .orElse(operator.started());
      Instant now = Instant.now();
      if (!last.plus(QUIET).isAfter(now) || now.isAfter(giveUp) || !operator.alive()) {
        return last.isAfter(now) ? now : last;
      }
      Thread.sleep(500);
    }
  }

  /** Its reconciles so far; its /metrics are kept beside its log. */
  private Reconciles reconciles(OperatorProcess operator, String file)
      throws IOException, InterruptedException {
    String metrics = operator.metrics();
    Files.writeString(options.work().resolve(file), metrics);
    return Reconciles.from(metrics);
  }

  static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }

  private static String loadAverage() throws IOException {
    Path loadavg = Path.of("/proc/loadavg");
    if (!Files.exists(loadavg)) {
      return "?";
    }
    String[] fields = Files.readString(loadavg).trim().split("\\s+");
    return fields[0] + " " + fields[1] + " " + fields[2];
  }

  private static void log(String format, Object... args) {
    System.err.printf("[bench-operator] " + format + "%n", args);
  }
}
