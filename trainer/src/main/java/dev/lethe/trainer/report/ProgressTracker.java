package dev.lethe.trainer.report;

import dev.lethe.contract.Progress;
import dev.lethe.trainer.train.StepStats;
import dev.lethe.trainer.train.TrainingListener;
import java.io.PrintStream;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows training: keeps the {@link Progress} that {@code GET /progress} serves, feeds the
 * metrics, and tells the person watching: a progress bar on a terminal, otherwise one dense log
 * line per interval ({@code step 120/2000 | loss 1.234 (forget 3.10, retain 0.52) | ...}).
 */
public final class ProgressTracker implements TrainingListener {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressTracker.class);

  private final AtomicReference<Progress> progress;
  private final TrainerMetrics metrics;
  private final PrintStream terminal; // null when output is not a terminal
  private final long logIntervalNanos;
  private final Clock clock;
  private volatile String stage = "starting";
  private long lastLog;
  private long trainingStarted;
  private long stepsBefore; // steps done before this process started (a resumed run)

  public ProgressTracker(
      TrainerMetrics metrics, PrintStream terminal, long logIntervalSeconds, Clock clock) {
    this.metrics = metrics;
    this.terminal = terminal;
    this.logIntervalNanos = logIntervalSeconds * 1_000_000_000L;
    this.clock = clock;
    this.progress =
        new AtomicReference<>(
            new Progress(stage, 0, 0, 0, null, null, null, null, null, null, clock.instant()));
  }

  /**
   * The phase the trainer is in: load, evaluate, unlearn, write; fisher (FILA); reinforce and
   * relabel (WHP). A stage that trains times its own steps.
   */
  @Override
  public void stage(String name) {
    stage = name;
    trainingStarted = 0;
    Progress p = progress.get();
    progress.set(
        new Progress(
            name,
            p.step(),
            p.totalSteps(),
            p.epoch(),
            p.loss(),
            p.forgetLoss(),
            p.retainLoss(),
            p.learningRate(),
            p.tokensPerSecond(),
            p.etaSeconds(),
            clock.instant()));
  }

  public Progress progress() {
    return progress.get();
  }

  @Override
  public void step(StepStats s) {
    long now = System.nanoTime();
    if (trainingStarted == 0) {
      trainingStarted = now - (long) (s.seconds() * 1e9);
      stepsBefore = s.step() - 1;
    }
    double perStep = (now - trainingStarted) / 1e9 / (s.step() - stepsBefore);
    long eta = Math.round(perStep * (s.totalSteps() - s.step()));
    progress.set(
        new Progress(
            stage,
            s.step(),
            s.totalSteps(),
            s.epoch(),
            s.loss(),
            s.forgetLoss(),
            s.retainLoss(),
            s.learningRate(),
            s.tokensPerSecond(),
            eta,
            clock.instant()));
    metrics.record(s);
    if (terminal != null) {
      terminal.print("\r" + bar(s, eta));
      if (s.step() == s.totalSteps()) {
        terminal.println();
      }
    } else if (now - lastLog >= logIntervalNanos || s.step() == s.totalSteps() || s.step() == 1) {
      lastLog = now;
      LOG.info(line(s, eta));
    }
  }

  /**
   * {@code step 120/2000 | loss 1.234 (forget 3.10, retain 0.52) | lr 2.0e-05 | 410 ms/step | 5,120
   * tok/s | eta 12m51s}.
   */
  static String line(StepStats s, long etaSeconds) {
    StringBuilder b = new StringBuilder();
    b.append(String.format("step %d/%d | loss %.4f", s.step(), s.totalSteps(), s.loss()));
    if (s.retainLoss() != null) {
      b.append(String.format(" (forget %.3f, retain %.3f)", s.forgetLoss(), s.retainLoss()));
    }
    b.append(
        String.format(
            " | lr %.1e | %.0f ms/step | %,.0f tok/s | eta %s",
            s.learningRate(), s.seconds() * 1000, s.tokensPerSecond(), duration(etaSeconds)));
    return b.toString();
  }

  private static String bar(StepStats s, long eta) {
    int width = 30;
    int done = (int) (width * s.step() / Math.max(1, s.totalSteps()));
    return "[" + "#".repeat(done) + ".".repeat(width - done) + "] " + line(s, eta);
  }

  static String duration(long seconds) {
    return seconds >= 3600
        ? String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60)
        : String.format("%dm%02ds", seconds / 60, seconds % 60);
  }
}
