package dev.lethe.bench.quality;

import dev.lethe.bench.Machine;
import dev.lethe.bench.quality.QualityBenchmark.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The benchmark's results as Markdown ({@code quality.md}) and CSV ({@code quality.csv}). */
final class ResultsTable {
  static final String MARKDOWN = "quality.md";
  static final String CSV = "quality.csv";

  /** The columns, by metric key, with their headings. */
  private static final List<String[]> COLUMNS =
      List.of(
          new String[] {"forgetQuality", "forget quality ↑"},
          new String[] {"modelUtility", "model utility ↑"},
          new String[] {"forget.rougeL", "forget ROUGE-L ↓"},
          new String[] {
            QualityBenchmark.RELEARNED + "forget.rougeL", "forget ROUGE-L after relearning ↓"
          },
          new String[] {"forget.truthRatio", "forget truth ratio"},
          new String[] {"privleak", "privleak (→ 0)"},
          new String[] {"retain.rougeL", "retain ROUGE-L ↑"});

  private ResultsTable() {}

  /** The Markdown table of each model's mean and range over its runs, and every run as CSV. */
  static void write(List<Row> rows, Recipe recipe, long seed, Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(MARKDOWN), markdown(Summary.of(rows), recipe, seed));
    Files.writeString(dir.resolve(CSV), csv(rows));
  }

  static String markdown(List<Summary> summaries, Recipe recipe, long seed) {
    StringBuilder md = new StringBuilder();
    md.append("# Unlearning quality on the synthetic TOFU-style benchmark\n\n")
        .append(
            String.format(
                Locale.ROOT,
                "Recipe `%s`, seed %d: %d people (10 QA each) and %d world facts; tiny Llama d=%d,"
                    + " %d layers. Every method with its documented defaults and the same"
                    + " unlearning recipe (%d epochs, learning rate %s, batch %d, LoRA rank 8 on"
                    + " all linear layers); WHP's reinforced adapter learns at the same rate."
                    + " `IHL+FILA` is IHL from LoKU's Fisher-informed start; `WHP+anchors` is WHP"
                    + " with each forget person's name anchored to the name of a person the model"
                    + " never learned about. `retain` is the model fine-tuned without the forget"
                    + " split (the reference), `target` the model before unlearning. Made by"
                    + " `make bench-quality` on %s.%n%n",
                recipe.name(),
                seed,
                recipe.data().people(),
                recipe.data().worldFacts(),
                recipe.model().hidden(),
                recipe.model().layers(),
                recipe.unlearn().epochs(),
                recipe.unlearn().learningRate(),
                recipe.unlearn().batchSize(),
                Machine.current().describe()));
    int runs = summaries.stream().mapToInt(Summary::runs).max().orElse(1);
    if (runs > 1) {
      md.append(
          String.format(
              Locale.ROOT,
              "Each method unlearned %d times, from unlearning seeds %d to %d; a cell is the mean"
                  + " and, where the runs differ, (the smallest to the largest).%n%n",
              runs,
              recipe.unlearn().seed(),
              recipe.unlearn().seed() + runs - 1));
    }
    List<String> head = new ArrayList<>(List.of("split", "model"));
    COLUMNS.forEach(c -> head.add(c[1]));
    head.add("wall time (s)");
    md.append("| ").append(String.join(" | ", head)).append(" |\n");
    md.append("|").append("---|".repeat(head.size())).append('\n');
    for (Summary row : summaries) {
      List<String> cells = new ArrayList<>(List.of("forget" + row.split().suffix(), row.model()));
      for (String[] column : COLUMNS) {
        cells.add(cell(column[0], row.figures().get(column[0])));
      }
      cells.add(
          Double.isNaN(row.seconds()) ? "–" : String.format(Locale.ROOT, "%.0f", row.seconds()));
      md.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }
    return md.toString();
  }

  static String csv(List<Row> rows) {
    StringBuilder csv = new StringBuilder("split,model,seed");
    COLUMNS.forEach(c -> csv.append(',').append(c[0]));
    csv.append(",seconds\n");
    for (Row row : rows) {
      csv.append("forget").append(row.split().suffix()).append(',').append(row.model());
      csv.append(',').append(row.seed() == null ? "" : row.seed().toString());
      for (String[] column : COLUMNS) {
        Double value = row.metrics().get(column[0]);
        csv.append(',').append(value == null ? "" : value.toString());
      }
      csv.append(',').append(Double.isNaN(row.seconds()) ? "" : row.seconds()).append('\n');
    }
    return csv.toString();
  }

  /** The mean, and the range over the runs where they differ at the precision shown. */
  private static String cell(String key, Summary.Spread spread) {
    if (spread == null) {
      return "–";
    }
    String mean = format(key, spread.mean());
    String min = format(key, spread.min());
    String max = format(key, spread.max());
    return min.equals(max) ? mean : mean + " (" + min + " to " + max + ")";
  }

  private static String format(String key, Double value) {
    if (value == null) {
      return "–";
    }
    if (key.equals("forgetQuality")) {
      return value >= 0.01
          ? String.format(Locale.ROOT, "%.2f", value)
          : String.format(Locale.ROOT, "%.1e", value);
    }
    return String.format(Locale.ROOT, key.equals("privleak") ? "%.1f" : "%.3f", value);
  }
}
