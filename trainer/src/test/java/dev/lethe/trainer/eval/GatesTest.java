package dev.lethe.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.contract.Gate;
import dev.lethe.contract.Metric;
import dev.lethe.contract.Result.GateOutcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatesTest {
  static Evaluation of(Map<String, Double> metrics) {
    return new Evaluation(metrics, Map.of());
  }

  @Test
  void eachGateIsJudgedOnTheValueAfterAndMinRatioOnTheValueBefore() {
    Evaluation before = of(Map.of("forget.rougeL", 0.9, "modelUtility", 0.6, "privleak", -90.0));
    Evaluation after = of(Map.of("forget.rougeL", 0.2, "modelUtility", 0.5, "privleak", 12.0));
    List<Gate> gates =
        List.of(
            new Gate(Metric.FORGET_ROUGE_L, null, 0.3, null),
            new Gate(Metric.MODEL_UTILITY, null, null, 0.9),
            new Gate(Metric.PRIVLEAK, -10.0, 10.0, null),
            new Gate(Metric.FORGET_QUALITY, 0.05, null, null));

    List<GateOutcome> outcomes = Gates.judge(gates, before, after);

    assertThat(outcomes)
        .extracting(GateOutcome::passed)
        .as("0.2 <= 0.3; 0.5 < 0.9 x 0.6; 12 > 10; not measured")
        .containsExactly(true, false, false, false);
    assertThat(outcomes).extracting(GateOutcome::value).containsExactly(0.2, 0.5, 12.0, null);
    assertThat(Gates.describe(outcomes.subList(1, 4)))
        .isEqualTo("modelUtility 0.5000, privleak 12.00, forgetQuality not measured");
  }

  @Test
  void aGateIsMetAtItsBound() {
    Evaluation before = of(Map.of("retain.rougeL", 0.8));
    Evaluation after = of(Map.of("retain.rougeL", 0.4));

    assertThat(Gates.judge(List.of(new Gate(Metric.RETAIN_ROUGE_L, 0.4, 0.4, 0.5)), before, after))
        .extracting(GateOutcome::passed)
        .containsExactly(true);
  }
}
