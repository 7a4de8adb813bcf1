package dev.lethe.trainer.eval;

import dev.lethe.contract.Gate;
import dev.lethe.contract.Result.GateOutcome;
import java.util.ArrayList;
import java.util.List;

/** Judges a job's gates on an evaluation, relative to the evaluation before unlearning. */
public final class Gates {
  private Gates() {}

  /** Each gate's outcome; a metric that was not measured fails its gate. */
  public static List<GateOutcome> judge(List<Gate> gates, Evaluation before, Evaluation after) {
    List<GateOutcome> outcomes = new ArrayList<>();
    for (Gate gate : gates) {
      Double value = after.get(gate.metric());
      Double start = before.get(gate.metric());
      boolean passed = value != null && start != null && gate.passes(start, value);
      outcomes.add(new GateOutcome(gate, value, passed));
    }
    return outcomes;
  }

  /** The failed gates for a one-line message: {@code forget.rougeL 0.4123, retain.nll 2.1}. */
  public static String describe(List<GateOutcome> failed) {
    List<String> parts = new ArrayList<>();
    for (GateOutcome o : failed) {
      parts.add(
          o.gate().metric().key()
              + " "
              + (o.value() == null ? "not measured" : String.format("%.4g", o.value())));
    }
    return String.join(", ", parts);
  }
}
