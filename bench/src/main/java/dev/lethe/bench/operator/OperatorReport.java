package dev.lethe.bench.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark's results: operator.md (the targets of issue 16 beside what was measured, then the
 * details) and operator.json (every figure). A missed target is reported, never fatal.
 */
final class OperatorReport {
  static final String MARKDOWN = "operator.md";
  static final String JSON = "operator.json";

  /** Issue 16's targets; the time is for 1,000 jobs on 2 cores. */
  static final int TARGET_JOBS = 1000;

  static final double TARGET_TRAINER_JOBS_SECONDS = 15;
  static final double TARGET_PEAK_RSS_MIB = 300;
  static final double TARGET_REQUESTS_PER_JOB = 6;
  static final long TARGET_RESTART_STATUS_WRITES = 0;

  private static final int PROBLEMS_SHOWN = 10;

  private final Measurements m;

  OperatorReport(Measurements measured) {
    this.m = measured;
  }

  void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(MARKDOWN), markdown());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("verdicts", verdicts());
    json.put("measured", m);
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(dir.resolve(JSON).toFile(), json);
  }

  /** Each target: its value, the measured one, and PASS, MISS or n/a. */
  private Map<String, Map<String, Object>> verdicts() {
    Map<String, Map<String, Object>> verdicts = new LinkedHashMap<>();
    verdicts.put(
        "allTrainerJobsSeconds",
        verdict(
            "<= " + TARGET_TRAINER_JOBS_SECONDS,
            m.first().allTrainerJobsSeconds(),
            trainerJobsVerdict()));
    verdicts.put(
        "peakRssMiB", verdict("<= " + TARGET_PEAK_RSS_MIB, mib(m.first().peakRss()), rssVerdict()));
    verdicts.put(
        "requestsPerJobUntilPending",
        verdict("<= " + TARGET_REQUESTS_PER_JOB, requestsPerJob(), requestsVerdict()));
    verdicts.put(
        "restartStatusWrites",
        verdict(
            "== " + TARGET_RESTART_STATUS_WRITES,
            m.restart().requests().statusWrites(),
            restartVerdict()));
    return verdicts;
  }

  private static Map<String, Object> verdict(String target, Object measured, String verdict) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("target", target);
    v.put("measured", measured);
    v.put("verdict", verdict);
    return v;
  }

  private String trainerJobsVerdict() {
    if (m.setup().jobs() != TARGET_JOBS) {
      return "n/a";
    }
    Double s = m.first().allTrainerJobsSeconds();
    return pass(s != null && s <= TARGET_TRAINER_JOBS_SECONDS);
  }

  private String rssVerdict() {
    return pass(mib(m.first().peakRss()) <= TARGET_PEAK_RSS_MIB);
  }

  private double requestsPerJob() {
    return (double) m.first().untilPending().total() / m.setup().jobs();
  }

  private String requestsVerdict() {
    return pass(
        m.first().allPendingSeconds() != null && requestsPerJob() <= TARGET_REQUESTS_PER_JOB);
  }

  private String restartVerdict() {
    return pass(m.restart().requests().statusWrites() == TARGET_RESTART_STATUS_WRITES);
  }

  private static String pass(boolean passed) {
    return passed ? "PASS" : "MISS";
  }

  String markdown() {
    Measurements.Setup s = m.setup();
    Measurements.FirstStart f = m.first();
    Measurements.Restart r = m.restart();
    StringBuilder md = new StringBuilder();
    md.append("# The operator under a backlog\n\n")
        .append(
            format(
                "%s; %d cores, load average %s before and %s after (1, 5, 15 min; the machine may"
                    + " be shared); %s. %,d UnlearningJobs (the minimal SimNPO job) in %d"
                    + " namespaces, created before the operator starts, against a real etcd and"
                    + " kube-apiserver %s with no kubelet and no controller manager: trainer Jobs"
                    + " get no pods, so every job stays Pending. The operator runs as the image"
                    + " does, in its own JVM with the chart's memory (`%s`), leader election"
                    + " off, as its own user; its requests are counted from the API server's audit"
                    + " log. Control plane up in %.1f s, backlog created in %.1f s. Made by `make"
                    + " bench-operator`.\n\n",
                s.date(),
                s.cores(),
                s.load(),
                s.loadAtEnd(),
                s.java(),
                s.jobs(),
                s.namespaces(),
                s.kubernetes(),
                String.join(" ", s.operatorCommand()),
                s.controlPlaneSeconds(),
                s.backlogSeconds()));

    md.append("| | target | measured | |\n|---|---|---|---|\n");
    md.append(
        format(
            "| every trainer Job exists, s after the operator's process started | <= %.0f s (%,d"
                + " jobs, 2 cores) | %s | %s |\n",
            TARGET_TRAINER_JOBS_SECONDS,
            TARGET_JOBS,
            reached(f.allTrainerJobsSeconds(), f.trainerJobs(), s.jobs()),
            trainerJobsVerdict()));
    md.append(
        format(
            "| every job says Pending | | %s | |\n",
            reached(f.allPendingSeconds(), f.pendingJobs(), s.jobs())));
    md.append(
        format(
            "| peak RSS of the operator (VmHWM) | <= %.0f MiB | %.0f MiB | %s |\n",
            TARGET_PEAK_RSS_MIB, mib(f.peakRss()), rssVerdict()));
    md.append(
        format(
            "| API requests per job, operator start until every job is Pending | <= %.0f | %.2f"
                + " (%,d in all) | %s |\n",
            TARGET_REQUESTS_PER_JOB,
            requestsPerJob(),
            f.untilPending().total(),
            requestsVerdict()));
    md.append(
        format(
            "| status writes by the restarted operator (%.0f s) | %d | %d | %s |\n\n",
            r.watchedSeconds(),
            TARGET_RESTART_STATUS_WRITES,
            r.requests().statusWrites(),
            restartVerdict()));

    md.append("## First start\n\n| moment | s after start | RSS |\n|---|---|---|\n")
        .append(format("| ready (every informer synced) | %.1f | |\n", f.readySeconds()))
        .append(
            format(
                "| every trainer Job exists | %s | %s |\n",
                secondsOrDash(f.allTrainerJobsSeconds()), mibOrDash(f.rssAtAllTrainerJobs())))
        .append(
            format(
                "| every job Pending | %s | %s |\n",
                secondsOrDash(f.allPendingSeconds()), mibOrDash(f.rssAtAllPending())))
        .append(
            format(
                "| last request (then none for %d s) | %.1f | %s |\n\n",
                OperatorBenchmark.QUIET.toSeconds(), f.settledSeconds(), mibOrDash(f.rssSettled())))
        .append(
            format(
                "Peak RSS %.0f MiB. Once settled: %s. CPU: %.1f s until every job was Pending,"
                    + " %.1f s until settled; etcd and kube-apiserver, on the same %d cores, took"
                    + " %.1f s of CPU until every job was Pending. %s. Jobs by state when stopped: %s."
                    + " Stopped by"
                    + " SIGTERM in %.1f s, exit code %d. Log: %d WARN/ERROR lines.\n\n",
                mib(f.peakRss()),
                jvm(f.jvm(), f.heapLive()),
                f.cpuSecondsUntilPending(),
                f.cpuSecondsSettled(),
                m.setup().cores(),
                f.controlPlaneCpuSecondsUntilPending(),
                reconciles(f.reconciles()),
                f.states(),
                f.stopSeconds(),
                f.exitCode(),
                f.problems().size()));

    md.append("### Its requests, by verb and resource\n\n")
        .append("| request | start until all Pending | per job | start until settled | per job |\n")
        .append("|---|---|---|---|---|\n");
    Set<String> kinds = new LinkedHashSet<>(f.untilPending().byKind().keySet());
    kinds.addAll(f.untilSettled().byKind().keySet());
    for (String kind : kinds) {
      long pending = f.untilPending().byKind().getOrDefault(kind, 0L);
      long settled = f.untilSettled().byKind().getOrDefault(kind, 0L);
      md.append(
          format(
              "| `%s` | %,d | %.2f | %,d | %.2f |\n",
              kind, pending, perJob(pending), settled, perJob(settled)));
    }
    md.append(
        format(
            "| **all** | %,d | %.2f | %,d | %.2f |\n",
            f.untilPending().total(),
            perJob(f.untilPending().total()),
            f.untilSettled().total(),
            perJob(f.untilSettled().total())));
    md.append(
        format(
            "| of which writes | %,d | %.2f | %,d | %.2f |\n",
            f.untilPending().writes(),
            perJob(f.untilPending().writes()),
            f.untilSettled().writes(),
            perJob(f.untilSettled().writes())));
    md.append(
        format(
            "| of which failed (4xx, 5xx) | %,d | | %,d | |\n\n",
            f.untilPending().failed(), f.untilSettled().failed()));
    md.append(
        format(
            "The API server took %.0f ms to answer the median request (95th percentile %.0f ms),"
                + " watches aside, from start until every job was Pending.\n\n",
            f.untilPending().serverMillisMedian(), f.untilPending().serverMillisP95()));

    md.append("## Restart\n\n")
        .append(
            format(
                "Stopped, then started again on the same %,d jobs, unchanged: ready after %.1f s,"
                    + " watched for %.1f s. %s. CPU %.1f s; peak RSS %.0f MiB. Jobs by state: %s."
                    + " Exit code after SIGTERM %d. Log: %d WARN/ERROR lines.\n\n",
                s.jobs(),
                r.readySeconds(),
                r.watchedSeconds(),
                reconciles(r.reconciles()),
                r.cpuSeconds(),
                mib(r.peakRss()),
                r.states(),
                r.exitCode(),
                r.problems().size()))
        .append(
            format(
                "Writes: %d of an UnlearningJob's status, %d others%s.\n\n",
                r.requests().statusWrites(),
                r.requests().writes() - r.requests().statusWrites(),
                r.requests().otherWrites().isEmpty() ? "" : " " + r.requests().otherWrites()))
        .append("| request | count |\n|---|---|\n");
    r.requests().byKind().forEach((kind, n) -> md.append(format("| `%s` | %,d |\n", kind, n)));
    md.append(format("| **all** | %,d |\n\n", r.requests().total()));

    problems(md, "first start", f.problems());
    problems(md, "restart", r.problems());
    return md.toString();
  }

  private static void problems(StringBuilder md, String which, List<String> lines) {
    if (lines.isEmpty()) {
      return;
    }
    md.append(format("## WARN and ERROR lines of the operator's log (%s)\n\n```\n", which));
    lines.stream().limit(PROBLEMS_SHOWN).forEach(line -> md.append(line).append('\n'));
    if (lines.size() > PROBLEMS_SHOWN) {
      md.append(format("... and %d more\n", lines.size() - PROBLEMS_SHOWN));
    }
    md.append("```\n\n");
  }

  private static String jvm(ProcessMemory.Jvm jvm, Long live) {
    if (jvm == null) {
      return "heap unknown (jcmd failed)";
    }
    return format(
        "heap %.0f MiB in use of %.0f MiB committed, %s live (after a full collection);"
            + " Metaspace %.0f MiB in use of %.0f MiB committed",
        mib(jvm.heapUsed()),
        mib(jvm.heapCommitted()),
        mibOrDash(live),
        mib(jvm.metaspaceUsed()),
        mib(jvm.metaspaceCommitted()));
  }

  private static String reconciles(Reconciles r) {
    return format(
        "Its /metrics: %,d reconciles succeeded, %,d failed, %.1f s in reconciles (all threads), %s",
        r.succeeded(),
        r.failed(),
        r.seconds(),
        r.idle() ? "none running or queued" : "some still running or queued");
  }

  private double perJob(long count) {
    return (double) count / m.setup().jobs();
  }

  private static String reached(Double seconds, int reached, int of) {
    return seconds != null
        ? format("%.1f s", seconds)
        : format("not within the timeout: %,d of %,d", reached, of);
  }

  private static String secondsOrDash(Double seconds) {
    return seconds == null ? "-" : format("%.1f", seconds);
  }

  private static String mibOrDash(Long bytes) {
    return bytes == null ? "-" : format("%.0f MiB", mib(bytes));
  }

  static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }

  private static String format(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
