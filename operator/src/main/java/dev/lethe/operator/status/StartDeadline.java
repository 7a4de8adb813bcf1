package dev.lethe.operator.status;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * How long a trainer pod may hold its node without starting. A pod whose image cannot be pulled, or
 * whose container cannot be created, keeps the GPUs it was given while the kubelet retries: a typo
 * in an image must not hold them forever. Past the limit the job fails with the same reason, and
 * the reconciler stops its trainer Job. A pod that no node can take, or that cannot be created,
 * holds nothing and waits for capacity or quota as long as it takes (its job's
 * activeDeadlineSeconds bounds that). Pure.
 *
 * @param limit counted from when the kubelet took the pod (its startTime), else from its creation
 */
public record StartDeadline(Duration limit) {
  /** The reasons whose pod holds a node without running. */
  static final Set<String> BOUNDED =
      Set.of(Reasons.IMAGE_PULL_FAILED, Reasons.CONTAINER_CONFIG_ERROR);

  /** {@code state}, failed if its pod has held a node without starting for the limit or longer. */
  public JobState judge(JobState state, Pod pod, Instant now) {
    return left(state, pod, now)
        .filter(left -> left.isZero())
        .map(
            over ->
                state.failing(
                    "the trainer pod did not start within the start deadline of "
                        + DurationText.of(limit)
                        + ", so its Job was stopped: "
                        + state.message()))
        .orElse(state);
  }

  /** How long until {@link #judge} fails this waiting state (zero when due); empty if never. */
  public Optional<Duration> left(JobState state, Pod pod, Instant now) {
    if (state.finished() || !BOUNDED.contains(state.reason()) || pod == null) {
      return Optional.empty();
    }
    Duration left = Duration.between(now, since(pod).plus(limit));
    return Optional.of(left.isNegative() ? Duration.ZERO : left);
  }

  private static Instant since(Pod pod) {
    String startTime = pod.getStatus() == null ? null : pod.getStatus().getStartTime();
    return Instant.parse(startTime != null ? startTime : pod.getMetadata().getCreationTimestamp());
  }
}
