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
 *
 * <p>Succeeded is the job's summary (its reason is the state, shown by {@code kubectl get}) and
 * always carries the state's message; of the others only the one that says why does: Accepted while
 * it is not True, and a condition that is True. The rest say nothing, so that one long message is
 * not written five times.
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
    Writer w = new Writer(state, generation, previous, now);
    return List.of(
        accepted.equals("True")
            ? w.condition(Conditions.ACCEPTED, accepted, Reasons.JOB_CREATED, CREATED)
            : w.condition(Conditions.ACCEPTED, accepted, state.reason(), state.message()),
        w.condition(Conditions.SUSPENDED, bool(state.reason().equals(Reasons.SUSPENDED))),
        w.condition(Conditions.RUNNING, bool(state.reason().equals(Reasons.RUNNING))),
        w.condition(
            Conditions.SUCCEEDED,
            state.finished() ? bool(state.succeeded()) : "Unknown",
            state.reason(),
            state.message()),
        w.condition(Conditions.FAILED, bool(state.finished() && !state.succeeded())));
  }

  /** What Accepted=True says; the Event at that moment names the Job. */
  static final String CREATED = "the trainer Job was created";

  private static String bool(boolean value) {
    return value ? "True" : "False";
  }

  /** Writes conditions for one observed state. */
  private record Writer(JobState state, long generation, List<Condition> previous, Instant now) {
    /** A condition with the state's reason, and its message only when True. */
    Condition condition(String type, String status) {
      return condition(type, status, state.reason(), status.equals("True") ? state.message() : "");
    }

    Condition condition(String type, String status, String reason, String message) {
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
          .withMessage(OneLine.of(message, OneLine.MAX_MESSAGE))
          .withObservedGeneration(generation)
          .withLastTransitionTime(since)
          .build();
    }
  }
}
