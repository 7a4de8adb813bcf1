package dev.lethe.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TruthRatioTest {
  private static final double EXACT = 1e-12;
  private static final double LN2 = Math.log(2);

  @Test
  void ratioIsTheGeometricMeanOfThePerturbedOverTheParaphrase() {
    // P̄_para = 0.5, P̄_pert = 0.25 and 0.0625: (0.25 · 0.0625)^{1/2} / 0.5 = 0.125 / 0.5 = 0.25.
    // As NLLs: exp(ln 2 − (2 ln 2 + 4 ln 2)/2) = exp(−2 ln 2).
    assertThat(TruthRatio.of(LN2, new double[] {2 * LN2, 4 * LN2})).isCloseTo(0.25, within(EXACT));
  }

  @Test
  void ratioUsesTheGeometricNotTheArithmeticMean() {
    // Arithmetic: (0.5 + 0.125)/2 / 0.5 = 0.625; geometric: 0.25 / 0.5 = 0.5.
    assertThat(TruthRatio.of(LN2, new double[] {LN2, 3 * LN2})).isCloseTo(0.5, within(EXACT));
  }

  @Test
  void forgetAggregateIsTheMeanOfMinOfRatioAndItsInverse() {
    // min(0.25, 4) = 0.25, min(2, 0.5) = 0.5, min(1, 1) = 1: 1.75 / 3.
    assertThat(TruthRatio.forgetAggregate(new double[] {0.25, 2, 1}))
        .isCloseTo(1.75 / 3, within(EXACT));
    assertThat(TruthRatio.forgetAggregate(new double[] {0, Double.POSITIVE_INFINITY})).isZero();
  }

  @Test
  void retainAggregateIsTheMeanOfOneMinusRatioFloredAtZero() {
    // max(0, 0.75), max(0, −1), max(0, 0): 0.75 / 3.
    assertThat(TruthRatio.retainAggregate(new double[] {0.25, 2, 1}))
        .isCloseTo(0.25, within(EXACT));
  }

  @Test
  void emptyOrNegativeRatiosAreAnError() {
    assertThatThrownBy(() -> TruthRatio.forgetAggregate(new double[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TruthRatio.retainAggregate(new double[] {-1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TruthRatio.of(1, new double[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
