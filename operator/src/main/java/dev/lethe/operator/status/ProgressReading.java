package dev.lethe.operator.status;

import dev.lethe.contract.Progress;
import java.time.Instant;

/**
 * One poll of a running trainer's {@code /progress}: what it said, or why it said nothing. A
 * trainer that does not answer never fails its job; the job's condition message says so.
 *
 * @param progress what the trainer reported; null when it did not answer
 * @param readAt when it answered; null when it did not (so repeated failures compare equal and do
 *     not churn the status)
 * @param unavailable why there is no progress, e.g. {@code connection refused}; null when read
 */
public record ProgressReading(Progress progress, Instant readAt, String unavailable) {
  /** What the trainer said, within the contract's bounds ({@link ReportBounds}). */
  public static ProgressReading read(Progress progress, Instant at) {
    return new ProgressReading(ReportBounds.of(progress), at, null);
  }

  public static ProgressReading unavailable(String why) {
    return new ProgressReading(null, null, why);
  }
}
