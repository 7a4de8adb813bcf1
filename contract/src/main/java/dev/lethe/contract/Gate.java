package dev.lethe.contract;

import static dev.lethe.contract.ConfigChecks.required;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

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

  /** The bounds as people write them, e.g. {@code max 0.3} or {@code min 0.1, max 0.3}. */
  public String bounds() {
    List<String> parts = new ArrayList<>();
    if (min != null) {
      parts.add("min " + number(min));
    }
    if (max != null) {
      parts.add("max " + number(max));
    }
    if (minRatio != null) {
      parts.add("minRatio " + number(minRatio));
    }
    return String.join(", ", parts);
  }

  /** 0.95 as 0.95 and 1.0 as 1, as the admission policy's CEL writes them. */
  private static String number(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  /** Whether {@code gate} is at least as strict as this one on every bound this one sets. */
  public boolean tightenedBy(Gate gate) {
    return (min == null || (gate.min != null && gate.min >= min))
        && (max == null || (gate.max != null && gate.max <= max))
        && (minRatio == null || (gate.minRatio != null && gate.minRatio >= minRatio));
  }

  /** Whether {@code after} passes this gate, given the value {@code before} unlearning. */
  public boolean passes(double before, double after) {
    return (min == null || after >= min)
        && (max == null || after <= max)
        && (minRatio == null || after >= minRatio * before);
  }
}
