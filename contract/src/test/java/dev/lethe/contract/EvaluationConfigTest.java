package dev.lethe.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationConfigTest {

  private static EvaluationConfig config(
      List<Gate> gates,
      String holdout,
      Map<String, String> utility,
      String reference,
      Integer everySteps,
      KeepBest keepBest,
      int maxNewTokens) {
    return EvaluationConfig.builder()
        .gates(gates)
        .holdout(holdout)
        .utility(utility)
        .reference(reference)
        .everySteps(everySteps)
        .keepBest(keepBest)
        .maxNewTokens(maxNewTokens)
        .build();
  }

  private static Gate max(Metric metric, double value) {
    return new Gate(metric, null, value, null);
  }

  @Test
  void forgetQualityNeedsAReferenceEvaluation() {
    assertThatThrownBy(
            () -> config(List.of(max(Metric.FORGET_QUALITY, 1)), null, null, null, null, null, 200))
        .hasMessageStartingWith("evaluation.reference is required for forgetQuality");
    assertThatThrownBy(
            () ->
                config(
                    List.of(),
                    null,
                    null,
                    null,
                    10,
                    new KeepBest(Metric.FORGET_QUALITY, KeepBest.Goal.MAX),
                    200))
        .hasMessageStartingWith("evaluation.reference is required for forgetQuality");
  }

  @Test
  void privleakNeedsAHoldoutSet() {
    assertThatThrownBy(
            () -> config(List.of(max(Metric.PRIVLEAK, 10)), null, null, "/ref.json", null, null, 9))
        .hasMessageStartingWith("evaluation.holdout is required for privleak");
  }

  @Test
  void stopWhenGatesPassNeedsEvaluationsDuringTrainingAndAGate() {
    List<Gate> gate = List.of(max(Metric.FORGET_ROUGE_L, 0.3));
    String message =
        "evaluation.stopWhenGatesPass needs evaluation.everySteps and at least one gate: it stops"
            + " at the first evaluation during training where every gate passes";

    assertThatThrownBy(() -> stopping(gate, null)).hasMessage(message);
    assertThatThrownBy(() -> stopping(List.of(), 10)).hasMessage(message);
    assertThat(stopping(gate, 10).stopWhenGatesPass()).isTrue();
  }

  private static EvaluationConfig stopping(List<Gate> gates, Integer everySteps) {
    return EvaluationConfig.builder()
        .gates(gates)
        .everySteps(everySteps)
        .stopWhenGatesPass(true)
        .build();
  }

  @Test
  void aRelearningAttackIsAFewStepsOnSomeForgetExamplesAtALearningRateThatTrains() {
    assertThatThrownBy(() -> new Relearn(0, 8, 1e-4))
        .hasMessage("evaluation.relearn.steps must be between 1 and 1000, got 0");
    assertThatThrownBy(() -> new Relearn(10, 0, 1e-4))
        .hasMessage("evaluation.relearn.examples must be between 1 and 100000, got 0");
    assertThatThrownBy(() -> new Relearn(10, 8, 0))
        .hasMessageStartingWith("evaluation.relearn.learningRate must be between 1.0E-10 and 1.0");
    assertThat(new Relearn(10, 8, 1e-4).steps()).isEqualTo(10);
  }

  @Test
  void keepBestNeedsEvaluationsDuringTraining() {
    assertThatThrownBy(
            () ->
                config(
                    List.of(),
                    null,
                    null,
                    null,
                    null,
                    new KeepBest(Metric.MODEL_UTILITY, KeepBest.Goal.MAX),
                    200))
        .hasMessageStartingWith("evaluation.keepBest needs evaluation.everySteps");
  }

  @Test
  void boundsAndNamesAreChecked() {
    assertThatThrownBy(() -> config(List.of(), null, null, null, 0, null, 200))
        .hasMessage("evaluation.everySteps must be between 1 and 10000000, got 0");
    assertThatThrownBy(() -> config(List.of(), null, null, null, null, null, 0))
        .hasMessage("evaluation.maxNewTokens must be between 1 and 4096, got 0");
    assertThatThrownBy(
            () -> config(List.of(), null, Map.of("World_Facts", "/w.jsonl"), null, null, null, 9))
        .hasMessageContaining("got \"World_Facts\"");
  }

  @Test
  void keepBestComparesInItsDirection() {
    assertThat(new KeepBest(Metric.MODEL_UTILITY, KeepBest.Goal.MAX).improves(0.6, 0.5)).isTrue();
    assertThat(new KeepBest(Metric.FORGET_ROUGE_L, KeepBest.Goal.MIN).improves(0.6, 0.5)).isFalse();
    assertThat(new KeepBest(Metric.FORGET_ROUGE_L, KeepBest.Goal.MIN).improves(0.5, 0.5)).isFalse();
  }
}
