package dev.lethe.operator.status;

import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;

/** Pod statuses as the scheduler writes them, for the status tests and the operator's ITs. */
public final class SchedulerStatus {
  private SchedulerStatus() {}

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
}
