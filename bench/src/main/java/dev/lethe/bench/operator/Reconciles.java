package dev.lethe.bench.operator;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the operator's /metrics say of its reconciles (the Java Operator SDK's Micrometer metrics),
 * each summed over its series.
 *
 * @param succeeded reconciles that succeeded
 * @param failed reconciles that failed
 * @param seconds time spent in them, all threads together
 * @param idle whether none was running or queued when the metrics were read
 */
record Reconciles(long succeeded, long failed, double seconds, boolean idle) {

  static Reconciles from(String metrics) {
    return new Reconciles(
        Math.round(sum(metrics, "reconciliations_success_total")),
        Math.round(sum(metrics, "reconciliations_failure_total")),
        sum(metrics, "reconciliations_execution_duration_seconds_sum"),
        sum(metrics, "reconciliations_queue") == 0 && sum(metrics, "reconciliations_active") == 0);
  }

  /** The sum of every series of {@code name}; 0 if there is none. */
  private static double sum(String metrics, String name) {
    Matcher series =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})? (\\S+)$").matcher(metrics);
    double sum = 0;
    while (series.find()) {
      sum += Double.parseDouble(series.group(1));
    }
    return sum;
  }
}
