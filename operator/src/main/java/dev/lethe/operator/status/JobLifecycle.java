package dev.lethe.operator.status;

import dev.lethe.api.v1alpha1.Conditions;
import dev.lethe.api.v1alpha1.UnlearningJob;
import dev.lethe.api.v1alpha1.UnlearningJobSpec;
import dev.lethe.api.v1alpha1.UnlearningJobStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a job is in its life, read from its own status: once Succeeded is True or False the job is
 * finished for good, whatever happens to its Job and pods afterwards.
 */
public final class JobLifecycle {
  private JobLifecycle() {}

  /** Whether a trainer Job has ended: Complete or Failed. */
  public static boolean ended(Job trainer) {
    return JobState.trueCondition(trainer, "Complete").isPresent()
        || JobState.trueCondition(trainer, "Failed").isPresent();
  }

  public static boolean finished(UnlearningJob job) {
    return succeeded(job).map(c -> !"Unknown".equals(c.getStatus())).orElse(false);
  }

  /** The Succeeded condition's reason: the job's state as one word; empty before first sight. */
  public static Optional<String> state(UnlearningJob job) {
    return succeeded(job).map(Condition::getReason);
  }

  /**
   * When ttlSecondsAfterFinished deletes this finished job, its own or the one a policy gave it;
   * empty if never.
   */
  public static Optional<Instant> expiresAt(UnlearningJob job) {
    return finished(job) ? expiresAt(job.getSpec(), job.getStatus()) : Optional.empty();
  }

  /** When a job with this spec and this status of a finished job is deleted; empty if never. */
  public static Optional<Instant> expiresAt(UnlearningJobSpec spec, UnlearningJobStatus status) {
    if (status.completionTime() == null) {
      return Optional.empty();
    }
    Long ttl =
        spec.ttlSecondsAfterFinished() != null
            ? spec.ttlSecondsAfterFinished()
            : status.policy() == null ? null : status.policy().ttlSecondsAfterFinished();
    return Optional.ofNullable(ttl)
        .map(seconds -> Instant.parse(status.completionTime()).plusSeconds(seconds));
  }

  /** The status's condition of this type; empty before the first reconcile. */
  public static Optional<Condition> condition(UnlearningJobStatus status, String type) {
    return status == null || status.conditions() == null
        ? Optional.empty()
        : status.conditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  private static Optional<Condition> succeeded(UnlearningJob job) {
    return condition(job.getStatus(), Conditions.SUCCEEDED);
  }
}
