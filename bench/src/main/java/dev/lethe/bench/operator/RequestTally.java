package dev.lethe.bench.operator;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * The requests of one window of time, counted by verb and resource, most frequent first.
 *
 * @param byKind e.g. {@code patch unlearningjobs/status} to how many
 * @param otherWrites the writes but those of an UnlearningJob's status, by kind
 * @param failed how many got an error status (4xx or 5xx)
 * @param serverMillisMedian how long the API server took to answer, the median of every request but
 *     watches (NaN if none)
 * @param serverMillisP95 the same, 95th percentile
 */
record RequestTally(
    Map<String, Long> byKind,
    long total,
    long writes,
    long statusWrites,
    Map<String, Long> otherWrites,
    long failed,
    double serverMillisMedian,
    double serverMillisP95) {

  static RequestTally of(List<ApiRequest> requests, Instant from, Instant to) {
    List<ApiRequest> window = requests.stream().filter(r -> r.receivedBetween(from, to)).toList();
    return new RequestTally(
        countByKind(window),
        window.size(),
        window.stream().filter(ApiRequest::write).count(),
        window.stream().filter(ApiRequest::statusWrite).count(),
        countByKind(window.stream().filter(r -> r.write() && !r.statusWrite()).toList()),
        window.stream().filter(r -> r.code() >= 400).count(),
        percentile(window, 0.5),
        percentile(window, 0.95));
  }

  private static double percentile(List<ApiRequest> requests, double p) {
    double[] millis =
        requests.stream()
            .map(ApiRequest::serverMillis)
            .filter(OptionalDouble::isPresent)
            .mapToDouble(OptionalDouble::getAsDouble)
            .sorted()
            .toArray();
    return millis.length == 0 ? Double.NaN : millis[(int) Math.ceil(p * millis.length) - 1];
  }

  private static Map<String, Long> countByKind(List<ApiRequest> requests) {
    return requests.stream()
        .collect(Collectors.groupingBy(ApiRequest::kind, Collectors.counting()))
        .entrySet()
        .stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
        .collect(
            Collectors.toMap(
                Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
  }
}
