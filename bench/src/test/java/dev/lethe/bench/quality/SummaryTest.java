package dev.lethe.bench.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lethe.bench.data.Split;
import dev.lethe.bench.quality.QualityBenchmark.Row;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTest {
  static final Split SPLIT = Split.values()[0];

  /** One run; its seed is its wall time, which tells the runs apart in the CSV. */
  static Row run(String model, double forgetQuality, double utility, double seconds) {
    return new Row(
        SPLIT,
        model,
        (long) seconds,
        Map.of("forgetQuality", forgetQuality, "modelUtility", utility),
        seconds,
        List.of(utility, forgetQuality));
  }

  @Test
  void theRunsOfAModelOnASplitBecomeTheirMeanAndRange() {
    List<Summary> summaries =
        Summary.of(
            List.of(
                run("NPO", 0.2, 0.8, 10), run("SimNPO", 0.5, 0.9, 30), run("NPO", 0.6, 0.6, 20)));

    assertThat(summaries).extracting(Summary::model).containsExactly("NPO", "SimNPO");
    Summary npo = summaries.get(0);
    assertThat(npo.runs()).isEqualTo(2);
    assertThat(npo.figures().get("forgetQuality").mean()).isCloseTo(0.4, within(1e-12));
    assertThat(npo.figures().get("forgetQuality").min()).isEqualTo(0.2);
    assertThat(npo.figures().get("forgetQuality").max()).isEqualTo(0.6);
    assertThat(npo.seconds()).isEqualTo(15);
    assertThat(npo.losses()).as("the first run's").containsExactly(0.8, 0.2);
    assertThat(summaries.get(1).runs()).isEqualTo(1);
  }

  /** NPO's utilities differ only below the table's precision: no range for them. */
  @Test
  void theTableGivesTheMeanAndTheRangeOnlyWhereTheRunsDiffer() {
    String table =
        ResultsTable.markdown(
            Summary.of(
                List.of(
                    run("NPO", 0.2, 0.8, 10),
                    run("NPO", 0.6, 0.8001, 20),
                    run("GA", 0.05, 0.5, 5))),
            Recipe.QUICK,
            42);

    assertThat(table)
        .contains("Each method unlearned 2 times, from unlearning seeds 42 to 43")
        .contains("| forget" + SPLIT.suffix() + " | NPO | 0.40 (0.20 to 0.60) | 0.800 |")
        .contains("| forget" + SPLIT.suffix() + " | GA | 0.05 | 0.500 |");
  }

  @Test
  void theCsvKeepsEveryRunWithItsSeed() {
    assertThat(
            ResultsTable.csv(List.of(run("NPO", 0.2, 0.8, 10), run("NPO", 0.6, 0.8, 20))).lines())
        .hasSize(3)
        .element(2)
        .asString()
        .startsWith("forget" + SPLIT.suffix() + ",NPO,20,0.6,0.8,");
  }
}
