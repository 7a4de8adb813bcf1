package dev.lethe.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;

class KolmogorovDistributionTest {
  @Test
  void oneSidedTailOfOneValueIsOneMinusX() {
    // D⁺ of a single uniform U is 1 − U, so P(D⁺ ≥ x) = 1 − x.
    assertThat(KolmogorovDistribution.smirnov(1, 0.3)).isCloseTo(0.7, withinPercentage(1e-12));
  }

  @Test
  void oneSidedTailOfTwoValuesMatchesBirnbaumTingeyByHand() {
    // n = 2, x = 0.25: 0.25 (C(2,0) 0.25^{-1} 0.75² + C(2,1) 0.75^0 0.25^1) = 0.5625 + 0.125.
    assertThat(KolmogorovDistribution.smirnov(2, 0.25)).isCloseTo(0.6875, withinPercentage(1e-12));
  }

  @Test
  void survivalAtTheEndsOfTheRange() {
    assertThat(KolmogorovDistribution.survival(50, 1.0)).isZero();
    assertThat(KolmogorovDistribution.survival(50, 0.0)).isEqualTo(1.0);
    // x ≥ 1 − 1/n: exactly 2 (1 − x)^n.
    assertThat(KolmogorovDistribution.survival(4, 0.8))
        .isCloseTo(2 * Math.pow(0.2, 4), withinPercentage(1e-12));
  }
}
