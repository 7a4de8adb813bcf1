package dev.lethe.bench.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.bench.Machine;
import dev.lethe.bench.data.Split;
import dev.lethe.bench.quality.QualityBenchmark.Row;
import dev.lethe.contract.UnlearningMethod;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quality benchmark at its quick size, end to end: data, tiny model, target and retain models,
 * every method (and IHL with FILA) on every split with its relearning attack, table and plots. It
 * checks that the results are produced and sane (every figure in its range), not what they are: the
 * quick size is too small to mean anything.
 */
class QuickQualityBenchmarkIT {

  @Test
  void everyMethodOnEverySplitGetsASaneRowAndThePlotsAreDrawn(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Path results = dir.resolve("results");

    List<Row> rows =
        new QualityBenchmark(
                Recipe.QUICK,
                QualityMain.DEFAULT_SEED,
                1,
                dir.resolve("work"),
                new PrintStream(log, true, StandardCharsets.UTF_8))
            .run(results);

    assertThat(rows).hasSize(Split.values().length * (QualityBenchmark.Contender.ALL.size() + 2));
    assertThat(QualityBenchmark.Contender.ALL).hasSize(UnlearningMethod.values().length + 2);
    for (Row row : rows) {
      assertThat(row.model()).as(row.toString()).doesNotContain("diverged");
      assertThat(row.metrics().get("forgetQuality")).as(row.toString()).isBetween(0.0, 1.0);
      assertThat(row.metrics().get("modelUtility")).as(row.toString()).isBetween(0.0, 1.0);
      assertThat(row.metrics().get("forget.rougeL")).as(row.toString()).isBetween(0.0, 1.0);
      assertThat(row.metrics().get("privleak")).as(row.toString()).isFinite();
      assertThat(row.seconds()).as(row.toString()).isPositive();
    }
    assertThat(rows)
        .filteredOn(r -> r.model().equals("retain"))
        .allSatisfy(
            r ->
                assertThat(r.metrics().get("forgetQuality"))
                    .as("the retain model against itself")
                    .isEqualTo(1.0));
    assertThat(rows)
        .filteredOn(r -> !r.model().equals("retain") && !r.model().equals("target"))
        .allSatisfy(r -> assertThat(r.losses()).as(r.model()).isNotEmpty());
    assertThat(rows)
        .filteredOn(r -> !r.model().equals("retain") && !r.model().equals("target"))
        .allSatisfy(
            r ->
                assertThat(r.metrics().get(QualityBenchmark.RELEARNED + "forget.rougeL"))
                    .as("%s after the relearning attack", r.model())
                    .isBetween(0.0, 1.0));

    String table = Files.readString(results.resolve(ResultsTable.MARKDOWN));
    assertThat(table)
        .contains("| forget10 | SimNPO |", "| forget01 | retain |", "| forget05 | IHL+FILA |")
        .contains("| forget05 | WHP |", "| forget01 | WHP+anchors |")
        .contains("forget ROUGE-L after relearning ↓")
        .as("the machine is written beside the figures")
        .contains(Machine.current().describe());
    assertThat(Files.readAllLines(results.resolve(ResultsTable.CSV))).hasSize(rows.size() + 1);
    for (Split split : Split.values()) {
      assertThat(results.resolve("quality-forget" + split.suffix() + ".png")).isNotEmptyFile();
      assertThat(results.resolve("loss-forget" + split.suffix() + ".png")).isNotEmptyFile();
    }
  }
}
