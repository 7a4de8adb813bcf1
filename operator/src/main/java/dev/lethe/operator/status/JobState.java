package dev.lethe.operator.status;

import dev.lethe.contract.ExitCode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.List;
import java.util.Optional;

/**
 * Where an UnlearningJob stands, read from what the cluster shows: a missing input, its batch/v1
 * Job's conditions and its latest trainer pod. Pure: the reconciler gathers the objects.
 *
 * @param reason the state as one CamelCase word: the Succeeded condition's reason
 * @param message one line for people
 * @param finished whether the job ended (Succeeded is then True or False)
 * @param succeeded whether it ended well
 * @param output what the latest pod's trainer left: its termination and result, read once here
 */
public record JobState(
    String reason, String message, boolean finished, boolean succeeded, TrainerOutput output) {

  private JobState(String reason, String message, boolean finished, boolean succeeded) {
    this(reason, message, finished, succeeded, TrainerOutput.NONE);
  }

  /**
   * @param missingInput what is missing, e.g. {@code PersistentVolumeClaim models}; null if none
   * @param job the trainer Job; null before it is created
   * @param pod the Job's latest pod; null if none yet
   */
  public static JobState of(String missingInput, Job job, Pod pod) {
    TrainerOutput output = TrainerOutput.of(pod);
    JobState state = classify(missingInput, job, pod, output);
    return new JobState(state.reason, state.message, state.finished, state.succeeded, output);
  }

  private static JobState classify(String missingInput, Job job, Pod pod, TrainerOutput output) {
    if (missingInput != null) {
      return waiting(
          Reasons.MISSING_INPUT, missingInput + " does not exist; the job starts when it does");
    }
    if (job == null) {
      return waiting(Reasons.CREATING, "creating the trainer Job");
    }
    if (trueCondition(job, "Complete").isPresent()) {
      return new JobState(
          Reasons.COMPLETED,
          output.message().orElse("the trainer finished and wrote the adapter"),
          true,
          true);
    }
    Optional<JobCondition> failed = trueCondition(job, "Failed");
    if (failed.isPresent()) {
      return failure(failed.get(), output);
    }
    if (Boolean.TRUE.equals(job.getSpec().getSuspend())) {
      return waiting(
          Reasons.SUSPENDED,
          "suspended: set spec.suspend to false (or let the queue admit it) to run");
    }
    if (pod != null && hasCondition(pod, "DisruptionTarget")) {
      return waiting(
          Reasons.PREEMPTED,
          "the trainer pod was preempted; a new one resumes from the last checkpoint");
    }
    if (pod != null
        && "Running".equals(pod.getStatus() == null ? null : pod.getStatus().getPhase())) {
      return waiting(Reasons.RUNNING, "the trainer is running");
    }
    Optional<JobState> notStarting = PodStart.problem(pod);
    if (notStarting.isPresent()) {
      return notStarting.get();
    }
    if (output.terminated() != null && output.terminated().getExitCode() == 0) {
      // The Job controller marks the Job complete a moment after the pod ends: still running.
      return waiting(
          Reasons.RUNNING, "the trainer finished; waiting for the Job to be marked complete");
    }
    if (output.terminated() != null) {
      return waiting(
          Reasons.PENDING,
          "the trainer pod ended with exit code "
              + output.terminated().getExitCode()
              + "; waiting for the Job to retry it or fail");
    }
    return waiting(Reasons.PENDING, "waiting for the trainer pod to start");
  }

  /**
   * A spec the API server let through but the operator cannot run: a terminal failure, since what
   * to unlearn is immutable.
   */
  public static JobState invalidSpec(String message) {
    return new JobState(Reasons.INVALID_SPEC, message, true, false);
  }

  /**
   * A job the UnlearningPolicies of its namespace do not allow (yet): it waits, and runs once the
   * policies change to allow it.
   */
  public static JobState policyViolation(List<String> violations) {
    return waiting(Reasons.POLICY_VIOLATION, String.join("; ", violations));
  }

  /**
   * The same state, unless it waits for a trainer pod that does not exist because the API server
   * refuses to create it: then that, in the API server's words ({@code refusal}, from the Job
   * controller's FailedCreate Event). Such a pod holds nothing; the Job controller goes on trying.
   */
  public JobState withPodsRefused(String refusal) {
    return reason.equals(Reasons.PENDING) && output.equals(TrainerOutput.NONE)
        ? waiting(
            Reasons.POD_CREATION_REFUSED,
            "the trainer pod cannot be created (the Job controller keeps trying): "
                + refusal
                + "; it starts once the namespace's quota and admission policies allow it")
        : this;
  }

  /** Whether people should look: the job failed, or its trainer pod cannot start. */
  public boolean troubled() {
    return (finished && !succeeded) || PodStart.REASONS.contains(reason);
  }

  /** The same reason, now the job's end: it failed, saying why. */
  public JobState failing(String message) {
    return new JobState(reason, message, true, false, output);
  }

  /** The same state, saying more. */
  public JobState withMessage(String message) {
    return new JobState(reason, message, finished, succeeded, output);
  }

  static JobState waiting(String reason, String message) {
    return new JobState(reason, message, false, false);
  }

  /** Why the Job failed: the trainer's own exit code when the pod failure policy fired. */
  private static JobState failure(JobCondition failed, TrainerOutput output) {
    String reason = failed.getReason() == null ? Reasons.FAILED : failed.getReason();
    String message = failed.getMessage() == null ? "the trainer Job failed" : failed.getMessage();
    if (output.terminated() != null && "OOMKilled".equals(output.terminated().getReason())) {
      return new JobState(
          Reasons.OOM_KILLED,
          "the trainer ran out of memory: raise resources.limits.memory",
          true,
          false);
    }
    Optional<ExitCode> code = output.exitCode();
    if ("PodFailurePolicy".equals(reason) && code.isPresent()) {
      return new JobState(
          code.get().reason(), output.message().orElse(code.get().meaning()), true, false);
    }
    return switch (reason) {
      case Reasons.BACKOFF_LIMIT_EXCEEDED, Reasons.DEADLINE_EXCEEDED ->
          new JobState(reason, message, true, false);
      default -> new JobState(Reasons.FAILED, message, true, false);
    };
  }

  /** The Job's condition of this type, if it is True. */
  static Optional<JobCondition> trueCondition(Job job, String type) {
    return job.getStatus() == null || job.getStatus().getConditions() == null
        ? Optional.empty()
        : job.getStatus().getConditions().stream()
            .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
            .findFirst();
  }

  private static boolean hasCondition(Pod pod, String type) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
