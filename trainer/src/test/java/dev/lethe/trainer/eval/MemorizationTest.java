package dev.lethe.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MemorizationTest {
  private static final boolean T = true;
  private static final boolean F = false;

  @Test
  void exactMemorizationIsTheShareOfCorrectTokens() {
    assertThat(Memorization.exactMemorization(new boolean[] {T, T, F, T, T}))
        .isCloseTo(0.8, within(1e-15));
    assertThat(Memorization.exactMemorization(new boolean[] {F, F})).isZero();
  }

  @Test
  void extractionStrengthCountsTheCorrectSuffix() {
    // Correct from index 3 on: 1 − 3/5.
    assertThat(Memorization.extractionStrength(new boolean[] {T, T, F, T, T}))
        .isCloseTo(0.4, within(1e-15));
    assertThat(Memorization.extractionStrength(new boolean[] {F, T, T, T})).isEqualTo(0.75);
    assertThat(Memorization.extractionStrength(new boolean[] {T, T, T})).isEqualTo(1.0);
  }

  @Test
  void extractionStrengthIsZeroWhenTheLastTokenIsWrong() {
    // docs/metrics.md#extraction-strength: k = n. (open-unlearning's loop would leave k = n − 1
    // and report 1/n.)
    assertThat(Memorization.extractionStrength(new boolean[] {T, T, F})).isZero();
    assertThat(Memorization.extractionStrength(new boolean[] {F})).isZero();
  }

  @Test
  void noTokenIsAnError() {
    assertThatThrownBy(() -> Memorization.exactMemorization(new boolean[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Memorization.extractionStrength(new boolean[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
