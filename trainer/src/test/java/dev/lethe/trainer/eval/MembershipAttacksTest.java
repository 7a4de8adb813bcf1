package dev.lethe.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MembershipAttacksTest {
  private static final double EXACT = 1e-12;
  private static final double[] LOG_PROBS = {-1, -5, -2, -4, -3};

  @Test
  void lossIsTheMeanNll() {
    // Probabilities 1/2 and 1/4: (ln 2 + 2 ln 2) / 2.
    assertThat(MembershipAttacks.loss(new double[] {Math.log(0.5), Math.log(0.25)}))
        .isCloseTo(1.5 * Math.log(2), within(EXACT));
  }

  @Test
  void zlibDividesTheLossByTheCompressedLength() {
    // zlib.compress(b"") is a 2-byte header, an empty final block (2) and the Adler-32 (4).
    assertThat(MembershipAttacks.zlibLength("")).isEqualTo(8);
    assertThat(MembershipAttacks.zlibLength("a")).isEqualTo(9);
    assertThat(MembershipAttacks.zlib(new double[] {-9, -9}, "a")).isCloseTo(1.0, within(EXACT));
  }

  @Test
  void minKAveragesTheLowestFractionOfLogProbs() {
    // k = 0.4 of 5 tokens: the 2 lowest, −5 and −4.
    assertThat(MembershipAttacks.minK(LOG_PROBS, 0.4)).isCloseTo(4.5, within(EXACT));
    assertThat(MembershipAttacks.minK(LOG_PROBS, 1.0)).isCloseTo(3.0, within(EXACT));
  }

  @Test
  void minKTakesAtLeastOneToken() {
    // int(5 · 0.1) = 0, and open-unlearning takes max(1, ·): the single lowest, −5.
    assertThat(MembershipAttacks.minK(LOG_PROBS, 0.1)).isCloseTo(5.0, within(EXACT));
    assertThat(MembershipAttacks.minK(new double[0], 0.4)).isZero();
  }

  @Test
  void minKPlusPlusNormalisesByTheDistributionAndFloorsTheVariance() {
    // z = (−1 − (−1.5)) / √0.25 = 1 and (−2 − (−1)) / √1e-6 = −1000 (variance 1e-8 floored);
    // k = 0.5 of 2 tokens keeps the lowest, −1000.
    double score =
        MembershipAttacks.minKPlusPlus(
            new double[] {-1, -2}, new double[] {-1.5, -1}, new double[] {0.25, 1e-8}, 0.5);

    assertThat(score).isCloseTo(1000, within(1e-9));
  }

  @Test
  void mismatchedLengthsOrABadFractionAreAnError() {
    assertThatThrownBy(
            () ->
                MembershipAttacks.minKPlusPlus(
                    new double[] {-1}, new double[] {-1, -2}, new double[] {1}, 0.4))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MembershipAttacks.minK(LOG_PROBS, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MembershipAttacks.loss(new double[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static Stream<Named<JsonNode>> zlibCases() {
    return EvalFixtures.cases(
        "zlib.json", c -> c.get("text").asText().length() + " chars: " + abbreviate(c));
  }

  @ParameterizedTest
  @MethodSource("zlibCases")
  void zlibLengthAgreesWithPython(JsonNode c) {
    assertThat(MembershipAttacks.zlibLength(c.get("text").asText()))
        .isEqualTo(c.get("length").asInt());
  }

  static Stream<Named<JsonNode>> minKCases() {
    return EvalFixtures.cases(
        "min-k.json", c -> c.get("tokenLogProbs").size() + " tokens, k = " + c.get("k"));
  }

  @ParameterizedTest
  @MethodSource("minKCases")
  void minKAgreesWithOpenUnlearning(JsonNode c) {
    double[] logProbs = EvalFixtures.doubles(c.get("tokenLogProbs"));
    double k = c.get("k").asDouble();

    assertThat(MembershipAttacks.minK(logProbs, k))
        .isCloseTo(c.get("minK").asDouble(), within(EXACT));
    assertThat(
            MembershipAttacks.minKPlusPlus(
                logProbs,
                EvalFixtures.doubles(c.get("means")),
                EvalFixtures.doubles(c.get("variances")),
                k))
        .isCloseTo(c.get("minKPlusPlus").asDouble(), within(1e-9));
  }

  private static String abbreviate(JsonNode c) {
    String text = c.get("text").asText();
    return text.length() <= 30 ? text : text.substring(0, 30) + "…";
  }
}
