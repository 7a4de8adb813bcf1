package dev.lethe.operator.metrics;

import dev.lethe.api.v1alpha1.UnlearningJob;
import dev.lethe.operator.status.JobLifecycle;
import dev.lethe.operator.status.Reasons;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The operator's own job metrics. Labels are low-cardinality only (namespace, method, result):
 * per-job state belongs in the job's status, not in a time series.
 *
 * <ul>
 *   <li>{@code lethe_jobs_total{namespace,method,result}}: jobs finished, by the Succeeded
 *       condition's reason ({@code Completed} or why it failed);
 *   <li>{@code lethe_jobs_active{namespace,method,state}}: jobs not finished, by state: {@code
 *       pending} (not yet running: any reason in {@code WAITING} below, or not yet seen), {@code
 *       suspended} or {@code running}; counted from the operator's cache at scrape time, so it is
 *       right after a restart (Kueue's {@code kueue_pending_workloads{status}} is the model);
 *   <li>{@code lethe_job_duration_seconds{namespace,method,succeeded}}: from the trainer Job's
 *       start (or the job's creation, if it never started) to the end;
 *   <li>{@code lethe_jobs_waiting_oldest_seconds{namespace,method}}: how long the oldest job that
 *       has not started, or waits to start again, has existed (the same {@code pending} jobs); 0
 *       when none waits. Suspended jobs wait on purpose and do not count;
 *   <li>{@code lethe_reconcile_errors_total{controller}}: reconciles that threw (they are retried);
 *       registered at start, so it reads 0 rather than missing.
 * </ul>
 */
public final class JobMetrics {
  static final Duration[] DURATION_BUCKETS = {
    Duration.ofMinutes(1),
    Duration.ofMinutes(5),
    Duration.ofMinutes(15),
    Duration.ofMinutes(30),
    Duration.ofHours(1),
    Duration.ofHours(2),
    Duration.ofHours(4),
    Duration.ofHours(8),
    Duration.ofHours(16),
    Duration.ofHours(24),
    Duration.ofHours(48)
  };

  private static final String PENDING = "pending";
  private static final String SUSPENDED = "suspended";
  private static final String RUNNING = "running";

  /** The states of a job that waits for its trainer to run: the Succeeded condition's reason. */
  private static final Set<String> WAITING =
      Set.of(
          Reasons.PENDING,
          Reasons.MISSING_INPUT,
          Reasons.POLICY_VIOLATION,
          Reasons.UNSCHEDULABLE,
          Reasons.IMAGE_PULL_FAILED,
          Reasons.CONTAINER_CONFIG_ERROR,
          Reasons.POD_CREATION_REFUSED,
          Reasons.PREEMPTED);

  private final MeterRegistry registry;
  private final Clock clock;
  private final Set<Tags> activeGauges = ConcurrentHashMap.newKeySet();
  private volatile Supplier<Stream<UnlearningJob>> jobs = Stream::empty;

  private final Counter reconcileErrors;

  /**
   * @param controller the controller's name, the one label of the error counter
   */
  public JobMetrics(MeterRegistry registry, String controller) {
    this(registry, controller, Clock.systemUTC());
  }

  JobMetrics(MeterRegistry registry, String controller, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    this.reconcileErrors =
        Counter.builder("lethe.reconcile.errors")
            .description("Reconciles of UnlearningJobs that threw; they are retried")
            .tag("controller", controller)
            .register(registry);
  }

  /** Where {@code lethe_jobs_active} counts from: the operator's cache of UnlearningJobs. */
  public void countActiveFrom(Supplier<Stream<UnlearningJob>> jobs) {
    this.jobs = jobs;
  }

  /** Makes sure the gauges of this job's namespace and method exist. */
  public void seen(UnlearningJob job) {
    Tags tags = tags(job);
    if (activeGauges.add(tags)) {
      String namespace = job.getMetadata().getNamespace();
      String method = method(job);
      for (String state : List.of(PENDING, SUSPENDED, RUNNING)) {
        Gauge.builder("lethe.jobs.active", () -> active(namespace, method, state))
            .description("UnlearningJobs not finished, by state: pending, suspended or running")
            .tags(tags.and("state", state))
            .register(registry);
      }
      Gauge.builder("lethe.jobs.waiting.oldest", () -> oldestWaiting(namespace, method))
          .description("Age of the oldest UnlearningJob waiting for its trainer to run; 0 if none")
          .baseUnit("seconds")
          .tags(tags)
          .register(registry);
    }
  }

  public void finished(UnlearningJob job, String result, boolean succeeded, Duration duration) {
    Counter.builder("lethe.jobs")
        .description("UnlearningJobs finished, by result (Completed or why they failed)")
        .tags(tags(job).and("result", result))
        .register(registry)
        .increment();
    Timer.builder("lethe.job.duration")
        .description("Time from the trainer Job's start to the job's end")
        .tags(tags(job).and("succeeded", Boolean.toString(succeeded)))
        .serviceLevelObjectives(DURATION_BUCKETS)
        .register(registry)
        .record(duration);
  }

  public void reconcileFailed() {
    reconcileErrors.increment();
  }

  private long active(String namespace, String method, String state) {
    return jobs(namespace, method).filter(j -> state.equals(state(j))).count();
  }

  private double oldestWaiting(String namespace, String method) {
    Instant now = clock.instant();
    return jobs(namespace, method)
        .filter(j -> PENDING.equals(state(j)))
        .mapToDouble(
            j ->
                Duration.between(Instant.parse(j.getMetadata().getCreationTimestamp()), now)
                    .toSeconds())
        .max()
        .orElse(0);
  }

  /** {@code pending}, {@code suspended} or {@code running}; null once finished. */
  private static String state(UnlearningJob job) {
    if (JobLifecycle.finished(job)) {
      return null;
    }
    String reason = JobLifecycle.state(job).orElse(Reasons.PENDING);
    return reason.equals(Reasons.SUSPENDED)
        ? SUSPENDED
        : reason.equals(Reasons.RUNNING) ? RUNNING : WAITING.contains(reason) ? PENDING : null;
  }

  private Stream<UnlearningJob> jobs(String namespace, String method) {
    return jobs.get()
        .filter(j -> namespace.equals(j.getMetadata().getNamespace()))
        .filter(j -> method.equals(method(j)));
  }

  private static Tags tags(UnlearningJob job) {
    return Tags.of("namespace", job.getMetadata().getNamespace(), "method", method(job));
  }

  private static String method(UnlearningJob job) {
    return job.getSpec().method().name().toString();
  }
}
