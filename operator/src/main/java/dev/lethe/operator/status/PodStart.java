package dev.lethe.operator.status;

import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Why a trainer pod that has not started is not starting, in the words of whoever knows: the
 * scheduler (no node fits), or the kubelet (the image cannot be pulled, the container cannot be
 * created). Without this a job says "waiting for the trainer pod to start" forever. Pure.
 *
 * <p>An image reference the kubelet cannot parse fails the job at once; the other problems wait,
 * for as long as {@link StartDeadline} allows when the pod holds a node.
 */
final class PodStart {
  private PodStart() {}

  /** The reasons this class gives. */
  static final Set<String> REASONS =
      Set.of(
          Reasons.POD_CREATION_REFUSED,
          Reasons.UNSCHEDULABLE,
          Reasons.IMAGE_PULL_FAILED,
          Reasons.CONTAINER_CONFIG_ERROR);

  /** The kubelet's waiting reasons for an image it cannot get (yet). */
  private static final Set<String> IMAGE =
      Set.of("ErrImagePull", "ImagePullBackOff", "ErrImageNeverPull");

  /** The kubelet's waiting reason for an image it never can get: the job fails at once. */
  private static final String INVALID_IMAGE = "InvalidImageName";

  /** The kubelet's waiting reasons for a container it cannot create. */
  private static final Set<String> CONTAINER =
      Set.of("CreateContainerConfigError", "CreateContainerError", "RunContainerError");

  static Optional<JobState> problem(Pod pod) {
    if (pod == null || pod.getStatus() == null || !"Pending".equals(pod.getStatus().getPhase())) {
      return Optional.empty();
    }
    Optional<PodCondition> unscheduled =
        Objects.requireNonNullElse(pod.getStatus().getConditions(), List.<PodCondition>of())
            .stream()
            .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
            .filter(c -> "Unschedulable".equals(c.getReason()))
            .findFirst();
    if (unscheduled.isPresent()) {
      return Optional.of(
          JobState.waiting(
              Reasons.UNSCHEDULABLE,
              "no node can run the trainer pod: "
                  + Objects.requireNonNullElse(unscheduled.get().getMessage(), "no reason given")
                  + "; check resources, nodeSelector, tolerations and affinity"));
    }
    return waiting(pod)
        .flatMap(
            w -> {
              String said = Objects.requireNonNullElse(w.getMessage(), w.getReason());
              if (INVALID_IMAGE.equals(w.getReason())) {
                return Optional.of(
                    JobState.waiting(Reasons.IMAGE_PULL_FAILED, said)
                        .failing(
                            "the trainer image is not a valid image reference ("
                                + w.getReason()
                                + "): "
                                + said
                                + "; create the job again with a valid spec.image"));
              }
              if (IMAGE.contains(w.getReason())) {
                return Optional.of(
                    JobState.waiting(
                        Reasons.IMAGE_PULL_FAILED,
                        "the trainer image cannot be pulled (" + w.getReason() + "): " + said));
              }
              if (CONTAINER.contains(w.getReason())) {
                return Optional.of(
                    JobState.waiting(
                        Reasons.CONTAINER_CONFIG_ERROR,
                        "the trainer container cannot be created ("
                            + w.getReason()
                            + "): "
                            + said));
              }
              return Optional.empty();
            });
  }

  private static Optional<ContainerStateWaiting> waiting(Pod pod) {
    return Objects.requireNonNullElse(
            pod.getStatus().getContainerStatuses(), List.<ContainerStatus>of())
        .stream()
        .map(ContainerStatus::getState)
        .filter(s -> s != null && s.getWaiting() != null && s.getWaiting().getReason() != null)
        .map(s -> s.getWaiting())
        .findFirst();
  }
}
