package dev.lethe.api.v1alpha1;

/**
 * Condition types of an UnlearningJob. Types are states, not transitions; {@link #SUCCEEDED} is the
 * summary that the Status column and {@code kubectl wait --for=condition=Succeeded} read.
 */
public final class Conditions {
  private Conditions() {}

  /** The spec's inputs exist and the trainer Job was created. */
  public static final String ACCEPTED = "Accepted";

  /** The job is paused (by the user or a queue). */
  public static final String SUSPENDED = "Suspended";

  /** A trainer pod is running. */
  public static final String RUNNING = "Running";

  /**
   * Unknown until the job ends, then True (reason Completed) or False (reason: why it failed).
   * While Unknown, its reason is Pending, Suspended or Running.
   */
  public static final String SUCCEEDED = "Succeeded";

  /** True once the job has failed for good, with the same reason as Succeeded=False. */
  public static final String FAILED = "Failed";
}
