package dev.lethe.trainer.report;

import dev.lethe.trainer.train.StepStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The trainer's Prometheus metrics. One trainer pod runs one job, so these describe that job;
 * Prometheus adds the pod's labels. Every name as a scrape shows it is in the contract's {@code
 * MetricNames.TRAINER}, which the tests check against a scrape.
 */
public final class TrainerMetrics {
  public static final String STEP = "lethe_trainer_step";
  public static final String TOTAL_STEPS = "lethe_trainer_total_steps";
  public static final String PROGRESS = "lethe_trainer_progress_ratio";
  public static final String LOSS = "lethe_trainer_loss";
  public static final String LEARNING_RATE = "lethe_trainer_learning_rate";
  public static final String TOKENS_PER_SECOND = "lethe_trainer_tokens_per_second";
  public static final String TOKENS = "lethe_trainer_tokens";
  public static final String GRADIENT_NORM = "lethe_trainer_gradient_norm";

  private final AtomicReference<StepStats> last = new AtomicReference<>();
  private final Counter tokens;

  public TrainerMetrics(MeterRegistry registry) {
    gauge(registry, STEP, "Optimiser steps done", s -> s.step());
    gauge(registry, TOTAL_STEPS, "Optimiser steps planned", s -> s.totalSteps());
    gauge(
        registry,
        PROGRESS,
        "Share of the planned steps done, 0 to 1",
        s -> s.step() / (double) s.totalSteps());
    Gauge.builder(LOSS, last, r -> value(r.get(), StepStats::loss))
        .tag("term", "total")
        .description("Loss of the last step")
        .register(registry);
    Gauge.builder(LOSS, last, r -> value(r.get(), StepStats::forgetLoss))
        .tag("term", "forget")
        .description("Loss of the last step")
        .register(registry);
    Gauge.builder(LOSS, last, r -> value(r.get(), StepStats::retainLoss))
        .tag("term", "retain")
        .description("Loss of the last step")
        .register(registry);
    gauge(registry, LEARNING_RATE, "Learning rate of the last step", StepStats::learningRate);
    gauge(
        registry,
        TOKENS_PER_SECOND,
        "Training throughput of the last step",
        StepStats::tokensPerSecond);
    gauge(registry, GRADIENT_NORM, "Global gradient norm before clipping", StepStats::gradientNorm);
    tokens = Counter.builder(TOKENS).description("Tokens trained on").register(registry);
  }

  public void record(StepStats stats) {
    last.set(stats);
    tokens.increment(stats.tokens());
  }

  private void gauge(
      MeterRegistry registry,
      String name,
      String help,
      java.util.function.ToDoubleFunction<StepStats> f) {
    Gauge.builder(name, last, r -> r.get() == null ? 0 : f.applyAsDouble(r.get()))
        .description(help)
        .register(registry);
  }

  private static double value(StepStats stats, java.util.function.Function<StepStats, Double> f) {
    Double v = stats == null ? null : f.apply(stats);
    return v == null ? Double.NaN : v;
  }
}
