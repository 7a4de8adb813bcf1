package dev.lethe.operator.status;

import dev.lethe.api.v1alpha1.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.List;

/**
 * The five conditions of an UnlearningJob, every one set from the first reconcile (Kubeflow's users
 * asked why a job said nothing): Accepted, Suspended, Running, Succeeded, Failed. A condition keeps
 * its lastTransitionTime while its status does not change.
 */
public final class StatusConditions {
  private StatusConditions() {}

  public static List<Condition> of(
      JobState state, long generation, List<Condition> previous, Instant now) {
    String accepted =
        switch (state.reason()) {
          case Reasons.MISSING_INPUT, Reasons.INVALID_SPEC, Reasons.POLICY_VIOLATION -> "False";
          case Reasons.CREATING -> "Unknown";
          default -> "True";
        };
    String acceptedReason = accepted.equals("True") ? Reasons.JOB_CREATED : state.reason();
    Writer w = new Writer(state, generation, previous, now);
    return List.of(
        w.condition(Conditions.ACCEPTED, accepted, acceptedReason),
        w.condition(Conditions.SUSPENDED, bool(state.reason().equals(Reasons.SUSPENDED))),
        w.condition(Conditions.RUNNING, bool(state.reason().equals(Reasons.RUNNING))),
        w.condition(Conditions.SUCCEEDED, state.finished() ? bool(state.succeeded()) : "Unknown"),
        w.condition(Conditions.FAILED, bool(state.finished() && !state.succeeded())));
  }

  private static String bool(boolean value) {
    return value ? "True" : "False";
  }

  /** Writes conditions for one observed state; every one carries the state's message. */
  private record Writer(JobState state, long generation, List<Condition> previous, Instant now) {
    Condition condition(String type, String status) {
      return condition(type, status, state.reason());
    }

    Condition condition(String type, String status, String reason) {
      String since =
          previous.stream()
              .filter(c -> c.getType().equals(type) && c.getStatus().equals(status))
              .map(Condition::getLastTransitionTime)
              .findFirst()
              .orElse(now.toString());
      return new ConditionBuilder()
          .withType(type)
          .withStatus(status)
          .withReason(reason)
          .withMessage(OneLine.of(state.message(), OneLine.MAX_MESSAGE))
          .withObservedGeneration(generation)
          .withLastTransitionTime(since)
          .build();
    }
  }
}
