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

class ModelUtilityTest {
  @Test
  void harmonicMeanOfOneTwoFour() {
    // 3 / (1 + 1/2 + 1/4) = 12/7.
    assertThat(ModelUtility.harmonicMean(1, 2, 4)).isCloseTo(12.0 / 7, within(1e-15));
  }

  @Test
  void oneZeroMakesTheHarmonicMeanZero() {
    assertThat(ModelUtility.harmonicMean(0.6, 0, 0.9)).isZero();
  }

  @Test
  void noValueOrANegativeOrNanValueIsAnError() {
    assertThatThrownBy(ModelUtility::harmonicMean).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ModelUtility.harmonicMean(1, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ModelUtility.harmonicMean(1, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static Stream<Named<JsonNode>> scipyCases() {
    return EvalFixtures.cases("hmean.json", c -> c.get("values").toString());
  }

  @ParameterizedTest
  @MethodSource("scipyCases")
  void agreesWithScipy(JsonNode c) {
    assertThat(ModelUtility.harmonicMean(EvalFixtures.doubles(c.get("values"))))
        .isCloseTo(c.get("hmean").asDouble(), within(1e-15));
  }
}
