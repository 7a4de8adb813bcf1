package dev.lethe.bench.quality;

import dev.lethe.bench.data.Split;
import dev.lethe.bench.quality.QualityBenchmark.Row;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One model on one split over its runs (one per unlearning seed): the mean of each figure and the
 * range the seeds spread it over. One run alone would hide that the training seed can move a figure
 * more than the difference between two methods.
 *
 * @param figures each metric's spread over the runs that measured it
 * @param seconds the mean wall time
 * @param losses the first run's training loss per step
 */
record Summary(
    Split split,
    String model,
    Map<String, Spread> figures,
    int runs,
    double seconds,
    List<Double> losses) {

  /** A figure over the runs: its mean, smallest and largest value. */
  record Spread(double mean, double min, double max) {}

  /** The rows grouped by split and model, in the order each first appears. */
  static List<Summary> of(List<Row> rows) {
    Map<String, List<Row>> groups = new LinkedHashMap<>();
    for (Row row : rows) {
      groups.computeIfAbsent(row.split() + "/" + row.model(), k -> new ArrayList<>()).add(row);
    }
    return groups.values().stream().map(Summary::ofRuns).toList();
  }

  private static Summary ofRuns(List<Row> runs) {
    Map<String, DoubleSummaryStatistics> values = new LinkedHashMap<>();
    runs.forEach(
        row ->
            row.metrics()
                .forEach(
                    (key, value) ->
                        values
                            .computeIfAbsent(key, k -> new DoubleSummaryStatistics())
                            .accept(value)));
    Map<String, Spread> figures = new LinkedHashMap<>();
    values.forEach(
        (key, v) -> figures.put(key, new Spread(v.getAverage(), v.getMin(), v.getMax())));
    Row first = runs.get(0);
    return new Summary(
        first.split(),
        first.model(),
        figures,
        runs.size(),
        runs.stream().mapToDouble(Row::seconds).average().orElseThrow(),
        first.losses());
  }

  /** A figure's mean, or null where no run measured it. */
  Double mean(String key) {
    Spread spread = figures.get(key);
    return spread == null ? null : spread.mean();
  }
}
