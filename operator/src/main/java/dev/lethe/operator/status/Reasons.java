package dev.lethe.operator.status;

/**
 * Condition reasons that are not exit-code reasons (those come from the contract's {@code
 * ExitCode}): one CamelCase word each, the same in conditions and Events.
 */
public final class Reasons {
  private Reasons() {}

  public static final String PENDING = "Pending";
  public static final String MISSING_INPUT = "MissingInput";
  public static final String INVALID_SPEC = "InvalidSpec";
  public static final String POLICY_VIOLATION = "PolicyViolation";
  public static final String CREATING = "Creating";
  public static final String JOB_CREATED = "JobCreated";
  public static final String SUSPENDED = "Suspended";
  public static final String RUNNING = "Running";
  public static final String PREEMPTED = "Preempted";
  public static final String UNSCHEDULABLE = "Unschedulable";
  public static final String IMAGE_PULL_FAILED = "ImagePullFailed";
  public static final String CONTAINER_CONFIG_ERROR = "ContainerConfigError";
  public static final String POD_CREATION_REFUSED = "PodCreationRefused";
  public static final String COMPLETED = "Completed";
  public static final String BACKOFF_LIMIT_EXCEEDED = "BackoffLimitExceeded";
  public static final String DEADLINE_EXCEEDED = "DeadlineExceeded";
  public static final String OOM_KILLED = "OOMKilled";
  public static final String FAILED = "Failed";
  public static final String EXPIRED = "Expired";
}
