package dev.lethe.contract;

import static dev.lethe.contract.ConfigChecks.required;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Which of a job's evaluated checkpoints becomes its adapter: the one with the highest ({@code
 * max}) or lowest ({@code min}) value of {@code metric}, among those that pass every gate if any
 * does. Ties go to the earlier step.
 */
public record KeepBest(Metric metric, Goal goal) {

  /** Which way is better. */
  public enum Goal {
    @JsonProperty("max")
    MAX,
    @JsonProperty("min")
    MIN
  }

  public KeepBest {
    required("evaluation.keepBest.metric", metric);
    required("evaluation.keepBest.goal", goal);
  }

  /** Whether {@code value} is strictly better than {@code best}. */
  public boolean improves(double value, double best) {
    return goal == Goal.MAX ? value > best : value < best;
  }
}
