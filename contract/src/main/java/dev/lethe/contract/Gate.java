package dev.lethe.contract;

import static dev.lethe.contract.ConfigChecks.required;

/**
 * A pass condition on one metric after unlearning: an absolute {@code min} and/or {@code max}, or
 * {@code minRatio}, a floor relative to the metric's value before unlearning.
 */
public record Gate(Metric metric, Double min, Double max, Double minRatio) {

  public Gate {
    required("evaluation.gates[].metric", metric);
    if (min == null && max == null && minRatio == null) {
      throw new InvalidConfigException(
          "evaluation.gates[" + metric + "] needs at least one of min, max or minRatio");
    }
    if (min != null && max != null && min > max) {
      throw new InvalidConfigException(
          "evaluation.gates[" + metric + "].min " + min + " is above its max " + max);
    }
    if (minRatio != null && !(minRatio >= 0)) {
      throw new InvalidConfigException(
          "evaluation.gates[" + metric + "].minRatio must not be negative, got " + minRatio);
    }
  }

  /** Whether {@code after} passes this gate, given the value {@code before} unlearning. */
  public boolean passes(double before, double after) {
    return (min == null || after >= min)
        && (max == null || after <= max)
        && (minRatio == null || after >= minRatio * before);
  }
}
