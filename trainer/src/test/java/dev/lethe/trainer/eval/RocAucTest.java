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

class RocAucTest {
  @Test
  void aPerfectRankingScoresOneAndItsReverseZero() {
    assertThat(RocAuc.of(new double[] {1, 2}, new double[] {3, 4})).isEqualTo(1.0);
    assertThat(RocAuc.of(new double[] {3, 4}, new double[] {1, 2})).isEqualTo(0.0);
  }

  @Test
  void tiesCountHalf() {
    assertThat(RocAuc.of(new double[] {1, 1}, new double[] {1, 1, 1})).isEqualTo(0.5);
    // Positive 2 beats 1, ties 2, loses to 3: 1.5 of 3; positive 4 beats all three: 4.5 / 6.
    assertThat(RocAuc.of(new double[] {1, 2, 3}, new double[] {2, 4})).isEqualTo(0.75);
  }

  @Test
  void aMissingClassOrANanIsAnError() {
    assertThatThrownBy(() -> RocAuc.of(new double[0], new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RocAuc.of(new double[] {Double.NaN}, new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static Stream<Named<JsonNode>> sklearnCases() {
    return EvalFixtures.cases("roc-auc.json", c -> c.get("name").asText());
  }

  @ParameterizedTest
  @MethodSource("sklearnCases")
  void agreesWithSklearn(JsonNode c) {
    double auc =
        RocAuc.of(
            EvalFixtures.doubles(c.get("negatives")), EvalFixtures.doubles(c.get("positives")));

    assertThat(auc).isCloseTo(c.get("auc").asDouble(), within(1e-12));
  }
}
