package dev.lethe.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;

class AnswerProbabilityTest {
  private static final double EXACT = 1e-12;

  @Test
  void normalisedProbabilityIsTheGeometricMeanTokenProbability() {
    // Tokens with probabilities 1/2 and 1/8: mean NLL 2 ln 2, P̄ = (1/16)^{1/2} = 1/4.
    assertThat(AnswerProbability.normalised(2 * Math.log(2))).isCloseTo(0.25, within(EXACT));
    assertThat(AnswerProbability.normalised(0)).isEqualTo(1.0);
  }

  @Test
  void overOptionsNormalisesTheAnswerAgainstTheWrongOptions() {
    // P̄(a) = 0.5, wrong options 0.25 and 0.25: 0.5 / (0.5 + 0.5).
    assertThat(AnswerProbability.overOptions(-Math.log(0.5), nlls(0.25, 0.25)))
        .isCloseTo(0.5, within(EXACT));
    // P̄(a) = 0.6, one wrong option 0.2: 0.6 / 0.8.
    assertThat(AnswerProbability.overOptions(-Math.log(0.6), nlls(0.2)))
        .isCloseTo(0.75, within(EXACT));
  }

  @Test
  void overOptionsSurvivesProbabilitiesThatUnderflow() {
    // exp(-800) and exp(-900) are 0 in double, so P̄(a) / (P̄(a) + P̄(â)) would be 0/0; the ratio
    // is 1 / (1 + e^{-100}).
    assertThat(AnswerProbability.overOptions(800, new double[] {900})).isEqualTo(1.0);
    assertThat(AnswerProbability.overOptions(900, new double[] {800}))
        .isCloseTo(Math.exp(-100), withinPercentage(1e-10));
  }

  @Test
  void noWrongOptionOrANanIsAnError() {
    assertThatThrownBy(() -> AnswerProbability.overOptions(1, new double[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AnswerProbability.overOptions(Double.NaN, new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static double[] nlls(double... probabilities) {
    double[] nlls = new double[probabilities.length];
    for (int i = 0; i < nlls.length; i++) {
      nlls[i] = -Math.log(probabilities[i]);
    }
    return nlls;
  }
}
