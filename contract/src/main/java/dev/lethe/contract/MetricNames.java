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

  /** A trainer's optimiser steps done (of the current stage). */
  public static final String TRAINER_STEP = "lethe_trainer_step";

  /** A trainer's optimiser steps planned (of the current stage). */
  public static final String TRAINER_TOTAL_STEPS = "lethe_trainer_total_steps";

  /** Steps done over steps planned, 0 to 1. */
  public static final String TRAINER_PROGRESS = "lethe_trainer_progress_ratio";

  /** The last step's loss, by term (total, forget, retain). */
  public static final String TRAINER_LOSS = "lethe_trainer_loss";

  public static final String TRAINER_LEARNING_RATE = "lethe_trainer_learning_rate";

  public static final String TRAINER_TOKENS_PER_SECOND = "lethe_trainer_tokens_per_second";

  /** Tokens trained on, a counter. */
  public static final String TRAINER_TOKENS = "lethe_trainer_tokens_total";

  /** The global gradient norm before clipping. */
  public static final String TRAINER_GRADIENT_NORM = "lethe_trainer_gradient_norm";

  /** What a trainer pod exports (one job per pod; Prometheus adds the pod's labels). */
  public static final List<String> TRAINER =
      List.of(
          TRAINER_STEP,
          TRAINER_TOTAL_STEPS,
          TRAINER_PROGRESS,
          TRAINER_LOSS,
          TRAINER_LEARNING_RATE,
          TRAINER_TOKENS_PER_SECOND,
          TRAINER_TOKENS,
          TRAINER_GRADIENT_NORM);

  private MetricNames() {}
}
