package dev.lethe.trainer.train;

import dev.lethe.contract.Schedule;

/**
 * The learning rate as a pure function of the step (nanoGPT's {@code get_lr}), exactly as Hugging
 * Face's {@code get_linear_schedule_with_warmup} and {@code get_cosine_schedule_with_warmup}:
 * warmup from 0, then decay to 0 at {@code totalSteps}.
 */
public record LearningRate(double peak, long warmupSteps, long totalSteps, Schedule schedule) {

  /**
   * The rate of optimiser step {@code step}, counting from 0 (the first step's rate is 0 with
   * warmup).
   */
  public double at(long step) {
    if (step < warmupSteps) {
      return peak * step / warmupSteps;
    }
    if (schedule == Schedule.CONSTANT) {
      return peak;
    }
    double progress = (step - warmupSteps) / (double) Math.max(1, totalSteps - warmupSteps);
    return switch (schedule) {
      case LINEAR -> peak * Math.max(0, 1 - progress);
      case COSINE -> peak * Math.max(0, 0.5 * (1 + Math.cos(Math.PI * progress)));
      case CONSTANT -> peak;
    };
  }
}
