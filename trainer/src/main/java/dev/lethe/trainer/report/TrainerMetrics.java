package dev.lethe.trainer.report;

import dev.lethe.contract.MetricNames;
import dev.lethe.trainer.train.StepStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The trainer's Prometheus metrics. One trainer pod runs one job, so these describe that job;
 * Prometheus adds the pod's labels. The names are the contract's {@code MetricNames}, which the
 * tests check against a scrape.
 */
public final class TrainerMetrics {
  private final AtomicReference<StepStats> last = new AtomicReference<>();
  private final Counter tokens;

  public TrainerMetrics(MeterRegistry registry) {
    gauge(registry, MetricNames.TRAINER_STEP, "Optimiser steps done", s -> s.step());
    gauge(
        registry, MetricNames.TRAINER_TOTAL_STEPS, "Optimiser steps planned", s -> s.totalSteps());
    gauge(
        registry,
        MetricNames.TRAINER_PROGRESS,
        "Share of the planned steps done, 0 to 1",
        s -> s.step() / (double) s.totalSteps());
    Gauge.builder(MetricNames.TRAINER_LOSS, last, r -> value(r.get(), StepStats::loss))
        .tag("term", "total")
        .description("Loss of the last step")
        .register(registry);
    Gauge.builder(MetricNames.TRAINER_LOSS, last, r -> value(r.get(), StepStats::forgetLoss))
        .tag("term", "forget")
        .description("Loss of the last step")
        .register(registry);
    Gauge.builder(MetricNames.TRAINER_LOSS, last, r -> value(r.get(), StepStats::retainLoss))
        .tag("term", "retain")
        .description("Loss of the last step")
        .register(registry);
    gauge(
        registry,
        MetricNames.TRAINER_LEARNING_RATE,
        "Learning rate of the last step",
        StepStats::learningRate);
    gauge(
        registry,
        MetricNames.TRAINER_TOKENS_PER_SECOND,
        "Training throughput of the last step",
        StepStats::tokensPerSecond);
    gauge(
        registry,
        MetricNames.TRAINER_GRADIENT_NORM,
        "Global gradient norm before clipping",
        StepStats::gradientNorm);
    tokens =
        Counter.builder(MetricNames.TRAINER_TOKENS)
            .description("Tokens trained on")
            .register(registry);
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
