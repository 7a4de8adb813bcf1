package dev.lethe.operator.status;

import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;

/**
 * Pod statuses as the scheduler and the kubelet write them, for the status tests and the operator's
 * ITs.
 */
public final class PodStatuses {
  private PodStatuses() {}

  /** A pod no node can run: Pending, PodScheduled False for the reason Unschedulable. */
  public static PodStatus unschedulable(String message) {
    return new PodStatusBuilder()
        .withPhase("Pending")
        .addNewCondition()
        .withType("PodScheduled")
        .withStatus("False")
        .withReason("Unschedulable")
        .withMessage(message)
        .endCondition()
        .build();
  }

  /**
   * A pod the kubelet took at {@code startTime} (null: not yet) whose trainer container waits for
   * {@code reason}, e.g. ImagePullBackOff, with the kubelet's {@code message}.
   */
  public static PodStatus waiting(String reason, String message, String startTime) {
    return new PodStatusBuilder()
        .withPhase("Pending")
        .withStartTime(startTime)
        .addNewContainerStatus()
        .withName("trainer")
        .withNewState()
        .withNewWaiting()
        .withReason(reason)
        .withMessage(message)
        .endWaiting()
        .endState()
        .endContainerStatus()
        .build();
  }
}
