package dev.lethe.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GateTest {

  @Test
  void maxGateFailsAboveItsBound() {
    Gate gate = new Gate(Metric.FORGET_ROUGE_L, null, 0.3, null);

    assertThat(gate.passes(0.9, 0.3)).isTrue();
    assertThat(gate.passes(0.9, 0.31)).isFalse();
  }

  @Test
  void minRatioGateIsRelativeToTheValueBeforeUnlearning() {
    Gate gate = new Gate(Metric.RETAIN_ROUGE_L, null, null, 0.95);

    assertThat(gate.passes(0.80, 0.76)).isTrue();
    assertThat(gate.passes(0.80, 0.75)).isFalse();
  }

  @Test
  void everyBoundOfAGateMustHold() {
    Gate gate = new Gate(Metric.MODEL_UTILITY, 0.5, 0.9, 0.9);

    assertThat(gate.passes(0.6, 0.55)).isTrue();
    assertThat(gate.passes(0.7, 0.55)).as("below 0.9 of the value before").isFalse();
    assertThat(gate.passes(0.6, 0.45)).as("below min").isFalse();
  }

  @Test
  void aGateWithoutABoundIsRefused() {
    assertThatThrownBy(() -> new Gate(Metric.FORGET_NLL, null, null, null))
        .hasMessage("evaluation.gates[forget.nll] needs at least one of min, max or minRatio");
  }
}
