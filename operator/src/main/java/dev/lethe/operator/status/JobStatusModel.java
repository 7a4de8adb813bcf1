package dev.lethe.operator.status;

import dev.lethe.api.v1alpha1.JobPolicy;
import dev.lethe.api.v1alpha1.JobProgress;
import dev.lethe.api.v1alpha1.JobResult;
import dev.lethe.api.v1alpha1.UnlearningJob;
import dev.lethe.api.v1alpha1.UnlearningJobStatus;
import dev.lethe.contract.Progress;
import dev.lethe.contract.Result;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole status of an UnlearningJob from one look at the cluster. Always complete: the status is
 * written with server-side apply, which drops any field left out. Pure.
 */
public final class JobStatusModel {
  private JobStatusModel() {}

  /**
   * @param job the trainer Job; null before it exists
   * @param reading the last poll of the trainer's progress; null if none yet
   * @param policy the policies applied at this reconcile; null if they were not looked at (the
   *     status keeps what applied when the trainer Job was created)
   */
  public static UnlearningJobStatus of(
      UnlearningJob uj,
      JobState state,
      Job job,
      ProgressReading reading,
      JobPolicy policy,
      Instant now) {
    UnlearningJobStatus previous = uj.getStatus();
    TrainerOutput output = state.output();
    JobState said = explained(state, reading, output);
    JobStatus jobStatus = job == null ? null : job.getStatus();
    return new UnlearningJobStatus(
        uj.getMetadata().getGeneration(),
        StatusConditions.of(
            said,
            Objects.requireNonNullElse(uj.getMetadata().getGeneration(), 0L),
            previous == null || previous.conditions() == null ? List.of() : previous.conditions(),
            now),
        Optional.ofNullable(jobStatus)
            .map(JobStatus::getStartTime)
            .orElse(previous == null ? null : previous.startTime()),
        state.finished() ? completionTime(previous, job, now) : null,
        jobStatus != null ? attempts(jobStatus) : previous == null ? null : previous.attempts(),
        job != null ? job.getMetadata().getName() : previous == null ? null : previous.jobName(),
        progress(state, reading, output, previous),
        output.result() != null
            ? result(output.result())
            : previous == null ? null : previous.result(),
        policy != null ? policy : previous == null ? null : previous.policy());
  }

  /** A finished job's status, unchanged but for the generation it describes. */
  public static UnlearningJobStatus observed(UnlearningJob uj) {
    UnlearningJobStatus s = uj.getStatus();
    Long generation = uj.getMetadata().getGeneration();
    return new UnlearningJobStatus(
        generation,
        s.conditions().stream()
            .map(c -> new ConditionBuilder(c).withObservedGeneration(generation).build())
            .toList(),
        s.startTime(),
        s.completionTime(),
        s.attempts(),
        s.jobName(),
        s.progress(),
        s.result(),
        s.policy());
  }

  /** The state's message, plus what could not be read. */
  private static JobState explained(JobState state, ProgressReading reading, TrainerOutput output) {
    JobState said = state;
    if (state.reason().equals(Reasons.RUNNING)
        && reading != null
        && reading.unavailable() != null) {
      said =
          said.withMessage(said.message() + "; progress is unavailable: " + reading.unavailable());
    }
    if (output.unreadable() != null) {
      said = said.withMessage(said.message() + "; " + output.unreadable());
    }
    return said;
  }

  private static String completionTime(UnlearningJobStatus previous, Job job, Instant now) {
    if (previous != null && previous.completionTime() != null) {
      return previous.completionTime();
    }
    if (job != null && job.getStatus() != null && job.getStatus().getCompletionTime() != null) {
      return job.getStatus().getCompletionTime();
    }
    return Optional.ofNullable(job)
        .flatMap(j -> JobState.trueCondition(j, "Failed"))
        .map(JobCondition::getLastTransitionTime)
        .orElse(now.toString());
  }

  /** Pods the Job controller started: running, failed and succeeded (preempted ones excluded). */
  private static Integer attempts(JobStatus job) {
    return Objects.requireNonNullElse(job.getActive(), 0)
        + Objects.requireNonNullElse(job.getFailed(), 0)
        + Objects.requireNonNullElse(job.getSucceeded(), 0);
  }

  /** The last progress read; a completed job shows all its steps done. */
  private static JobProgress progress(
      JobState state, ProgressReading reading, TrainerOutput output, UnlearningJobStatus previous) {
    JobProgress last =
        reading != null && reading.progress() != null
            ? progress(reading.progress(), reading.readAt())
            : previous == null ? null : previous.progress();
    Result result = output.result();
    if (!state.succeeded() || result == null || result.steps() == null) {
      return last;
    }
    return new JobProgress(
        "done",
        result.steps(),
        result.steps(),
        100,
        last == null ? null : last.epoch(),
        last == null ? null : last.loss(),
        last == null ? null : last.forgetLoss(),
        last == null ? null : last.retainLoss(),
        last == null ? null : last.learningRate(),
        last == null ? null : last.tokensPerSecond(),
        0L,
        last == null ? null : last.lastUpdateTime());
  }

  static JobProgress progress(Progress p, Instant readAt) {
    return new JobProgress(
        p.stage(),
        p.step(),
        p.totalSteps(),
        p.percent(),
        p.epoch(),
        p.loss(),
        p.forgetLoss(),
        p.retainLoss(),
        p.learningRate(),
        p.tokensPerSecond(),
        p.etaSeconds(),
        readAt.toString());
  }

  static JobResult result(Result r) {
    return new JobResult(
        r.exitCode(),
        r.message(),
        r.adapterPath(),
        r.before().isEmpty() ? null : r.before(),
        r.after().isEmpty() ? null : r.after(),
        r.gates().isEmpty()
            ? null
            : r.gates().stream()
                .map(
                    g ->
                        new JobResult.GateResult(
                            g.gate().metric().key(), g.value(), g.gate().bounds(), g.passed()))
                .toList(),
        r.steps(),
        r.durationSeconds());
  }
}
