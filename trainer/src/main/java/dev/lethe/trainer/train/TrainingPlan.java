package dev.lethe.trainer.train;

import dev.lethe.contract.TrainingConfig;

/**
 * How many optimiser steps a run takes: one epoch is one pass over the forget set in micro-batches
 * of {@code batchSize}, one step per {@code gradientAccumulation} micro-batches (the last group of
 * an epoch may be shorter), capped by {@code maxSteps}; warmup is a share of the total.
 */
public record TrainingPlan(
    int microBatchesPerEpoch, long stepsPerEpoch, long totalSteps, long warmupSteps) {

  public static TrainingPlan of(int forgetExamples, TrainingConfig t) {
    int micro = (forgetExamples + t.batchSize() - 1) / t.batchSize();
    long perEpoch = (micro + t.gradientAccumulation() - 1) / t.gradientAccumulation();
    long total = perEpoch * t.epochs();
    if (t.maxSteps() != null) {
      total = Math.min(total, t.maxSteps());
    }
    return new TrainingPlan(micro, perEpoch, total, Math.round(t.warmupRatio() * total));
  }
}
