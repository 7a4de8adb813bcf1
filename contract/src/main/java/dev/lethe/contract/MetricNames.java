package dev.lethe.contract;

import java.util.List;

/**
 * Every Prometheus metric name Lethe's two processes export, as a scrape shows it: what dashboards
 * and alert rules may use. The operator's and the trainer's tests check each list against a real
 * scrape, so a name here is always exported.
 */
public final class MetricNames {
  /** Jobs finished, by namespace, method and result (Completed or why they failed). */
  public static final String JOBS_FINISHED = "lethe_jobs_total";

  /** Jobs not finished, by namespace, method and state (pending, suspended, running). */
  public static final String JOBS_ACTIVE = "lethe_jobs_active";

  /** Age of the oldest job waiting for its trainer to run, by namespace and method; 0 if none. */
  public static final String JOBS_WAITING_OLDEST = "lethe_jobs_waiting_oldest_seconds";

  /** A histogram of job durations, by namespace, method and succeeded. */
  public static final String JOB_DURATION = "lethe_job_duration_seconds";

  /** Reconciles that threw, by controller. */
  public static final String RECONCILE_ERRORS = "lethe_reconcile_errors_total";

  /** 1 while the operator answers /readyz as ready (its informers synced), else 0. */
  public static final String OPERATOR_READY = "lethe_operator_ready";

  /** The Java Operator SDK's reconciles started, by controller_name. */
  public static final String RECONCILIATIONS_STARTED = "reconciliations_started_total";

  /** The Java Operator SDK's reconciles that succeeded, by controller_name. */
  public static final String RECONCILIATIONS_SUCCEEDED = "reconciliations_success_total";

  /** A histogram of the Java Operator SDK's reconcile times, by controller_name. */
  public static final String RECONCILIATION_DURATION = "reconciliations_execution_duration_seconds";

  /** What the operator exports. */
  public static final List<String> OPERATOR =
      List.of(
          JOBS_FINISHED,
          JOBS_ACTIVE,
          JOBS_WAITING_OLDEST,
          JOB_DURATION + "_bucket",
          JOB_DURATION + "_count",
          JOB_DURATION + "_sum",
          RECONCILE_ERRORS,
          OPERATOR_READY,
          RECONCILIATIONS_STARTED,
          RECONCILIATIONS_SUCCEEDED,
          RECONCILIATION_DURATION + "_bucket",
          RECONCILIATION_DURATION + "_count",
          RECONCILIATION_DURATION + "_sum");

  /** What a trainer pod exports (one job per pod; Prometheus adds the pod's labels). */
  public static final List<String> TRAINER =
      List.of(
          "lethe_trainer_step",
          "lethe_trainer_total_steps",
          "lethe_trainer_progress_ratio",
          "lethe_trainer_loss",
          "lethe_trainer_learning_rate",
          "lethe_trainer_tokens_per_second",
          "lethe_trainer_tokens_total",
          "lethe_trainer_gradient_norm");

  private MetricNames() {}
}
