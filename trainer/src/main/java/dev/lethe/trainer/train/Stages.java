package dev.lethe.trainer.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A run's stages in order: each one told to the listener as it begins, and timed for {@code
 * report.json}'s {@code seconds}.
 */
public final class Stages {
  private final TrainingListener listener;
  private final long created = System.nanoTime();
  private final Map<String, Double> seconds = new LinkedHashMap<>();
  private long begun = created;

  public Stages(TrainingListener listener) {
    this.listener = listener;
  }

  public TrainingListener listener() {
    return listener;
  }

  /** Tells the listener a stage begins; {@link #end} times it. */
  public void begin(String stage) {
    listener.stage(stage);
    begun = System.nanoTime();
  }

  /** Records the seconds since the last {@link #begin} under {@code timing}. */
  public void end(String timing) {
    seconds.put(timing, elapsed(begun));
  }

  /** Runs one stage, timed under its own name. */
  public <T> T run(String stage, Supplier<T> work) {
    return run(stage, stage, work);
  }

  /** Runs one stage, timed under {@code timing} (a stage that runs twice has two timings). */
  public <T> T run(String stage, String timing, Supplier<T> work) {
    begin(stage);
    T result = work.get();
    end(timing);
    return result;
  }

  /** Every timing so far, in order, and {@code total}: the seconds since these stages were made. */
  public Map<String, Double> seconds() {
    Map<String, Double> all = new LinkedHashMap<>(seconds);
    all.put("total", elapsed(created));
    return Collections.unmodifiableMap(all);
  }

  private static double elapsed(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
