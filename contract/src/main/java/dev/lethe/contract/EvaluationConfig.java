package dev.lethe.contract;

import java.util.List;

/** What is measured and required at the end of a job. */
public record EvaluationConfig(List<Gate> gates) {

  public EvaluationConfig {
    gates = gates == null ? List.of() : List.copyOf(gates);
    if (gates.size() > Limits.MAX_GATES) {
      throw new InvalidConfigException(
          "evaluation.gates must have at most "
              + Limits.MAX_GATES
              + " entries, got "
              + gates.size());
    }
    if (gates.stream().map(Gate::metric).distinct().count() != gates.size()) {
      throw new InvalidConfigException("evaluation.gates must name each metric once");
    }
  }
}
