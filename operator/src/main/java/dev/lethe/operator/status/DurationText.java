package dev.lethe.operator.status;

import java.time.Duration;

/** Durations as people write them: the shortest of 1h, 2m, 15s, 500ms that is exact. */
public final class DurationText {
  private DurationText() {}

  /** The shortest of 1h, 2m, 15s, 500ms that is exact, else ISO-8601. */
  public static String of(Duration duration) {
    if (duration.isZero() || duration.isNegative()) {
      return duration.toString();
    }
    if (duration.getNano() % 1_000_000 != 0) {
      return duration.toString();
    }
    long millis = duration.toMillis();
    if (millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    if (millis % 1000 == 0) {
      return millis / 1000 + "s";
    }
    return millis + "ms";
  }
}
