package dev.lethe.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PrivLeakTest {
  @Test
  void theRetainModelsOwnAucGivesZero() {
    assertThat(PrivLeak.of(0.5, 0.5)).isZero();
    assertThat(PrivLeak.of(0.4772, 0.4772)).isZero();
  }

  @Test
  void aucAboveTheReferenceIsNegative() {
    // Forget data much more likely than holdout (under-unlearning): ((1 − 0.9) − 0.5) / 0.5 = −0.8.
    assertThat(PrivLeak.of(0.9, 0.5)).isCloseTo(-80, within(1e-12));
    // Forget data less likely than holdout (over-unlearning): (0.75 − 0.5) / 0.5 = +0.5.
    assertThat(PrivLeak.of(0.25, 0.5)).isCloseTo(50, within(1e-12));
  }

  @Test
  void aucsOutsideTheUnitIntervalOrAReferenceOfOneAreAnError() {
    assertThatThrownBy(() -> PrivLeak.of(1.5, 0.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PrivLeak.of(0.5, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
