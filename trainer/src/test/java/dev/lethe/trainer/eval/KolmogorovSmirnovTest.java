package dev.lethe.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KolmogorovSmirnovTest {
  @Test
  void separatedSamplesOf200GiveGradAscentsForget05Quality() {
    // open-unlearning docs/repro.md: GradAscent, forget05, FQ 1.94e-119 = 2 / C(400, 200).
    assertThat(KolmogorovSmirnov.pValue(range(200, 0), range(200, 1000)))
        .isCloseTo(1.94e-119, withinPercentage(1));
  }

  @Test
  void separatedSamplesOf400GiveGradAscentsForget10Quality() {
    // open-unlearning docs/repro.md: GradAscent, forget10, FQ 1.06e-239 = 2 / C(800, 400).
    assertThat(KolmogorovSmirnov.pValue(range(400, 0), range(400, 1000)))
        .isCloseTo(1.06e-239, withinPercentage(1));
  }

  @Test
  void equalSizesGiveTheReflectionFormula() {
    // n = 2, D = 1/2 (h = 1): P = 2 (C(4,1) − C(4,0)) / C(4,2) = 2 · 3/6 = 1.
    // n = 3, D = 2/3 (h = 2): P = 2 C(6,1) / C(6,3) = 12/20 = 0.6.
    assertThat(KolmogorovSmirnov.outsideSquare(2, 1)).isCloseTo(1.0, withinPercentage(1e-12));
    assertThat(KolmogorovSmirnov.outsideSquare(3, 2)).isCloseTo(0.6, withinPercentage(1e-12));
    assertThat(KolmogorovSmirnov.pValue(new double[] {1, 2, 3}, new double[] {3, 4, 5}))
        .isCloseTo(0.6, withinPercentage(1e-12));
  }

  @Test
  void unequalSizesCountPathsThatLeaveTheBand() {
    // x = {0}, y = {1, 2}: D = 1, and of the C(3, 1) = 3 orderings only "x first" and "x last"
    // reach D = 1, so P = 2/3. As a band: n = 1, m = 2, g = 1, lcm 2, h = 2.
    assertThat(KolmogorovSmirnov.outsideBand(1, 2, 1, 2))
        .isCloseTo(2.0 / 3, withinPercentage(1e-12));
    assertThat(KolmogorovSmirnov.pValue(new double[] {0}, new double[] {1, 2}))
        .isCloseTo(2.0 / 3, withinPercentage(1e-12));
  }

  @Test
  void identicalSamplesGiveOne() {
    assertThat(KolmogorovSmirnov.pValue(new double[] {1, 2, 2, 3}, new double[] {3, 2, 1, 2}))
        .isEqualTo(1.0);
  }

  @Test
  void aNanGivesNanAndAnEmptySampleIsAnError() {
    assertThat(KolmogorovSmirnov.pValue(new double[] {1, Double.NaN}, new double[] {1})).isNaN();
    assertThatThrownBy(() -> KolmogorovSmirnov.pValue(new double[0], new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static Stream<Named<JsonNode>> scipyCases() {
    return EvalFixtures.cases(
        "ks-2samp.json", c -> c.get("name").asText() + " (" + c.get("branch").asText() + ")");
  }

  @ParameterizedTest
  @MethodSource("scipyCases")
  void agreesWithScipy(JsonNode c) {
    double expected = c.get("pValue").asDouble();

    double actual = KolmogorovSmirnov.pValue(sample(c.get("x")), sample(c.get("y")));

    if (expected == 0) {
      assertThat(actual).isZero();
    } else {
      // Exact branch: scipy's recursions, which this repeats operation for operation. Asymptotic
      // branch: Smirnov's tail summed in log space, and Commons Math's cdf; where scipy uses
      // Durbin's matrix for n > 140 (p > 0.9 there) Commons Math's Pelz-Good differs by ~1e-7.
      String branch = c.get("branch").asText();
      double percent =
          !branch.startsWith("asymptotic")
              ? 1e-10
              : branch.contains("n > 140, Durbin") ? 1e-4 : 1e-8;
      assertThat(actual).isCloseTo(expected, withinPercentage(percent));
    }
  }

  /** A fixture sample: explicit values, or a grid i·step + offset that numpy builds the same. */
  private static double[] sample(JsonNode node) {
    if (node.has("values")) {
      return EvalFixtures.doubles(node.get("values"));
    }
    JsonNode grid = node.get("grid");
    double[] values = new double[grid.get("n").asInt()];
    for (int i = 0; i < values.length; i++) {
      values[i] = i * grid.get("step").asDouble() + grid.get("offset").asDouble();
    }
    return values;
  }

  private static double[] range(int n, double offset) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = i + offset;
    }
    return values;
  }
}
