package dev.lethe.trainer.train;

/**
 * What one optimiser step did, averaged over its micro-batches.
 *
 * @param forgetLoss null when the objective has no separate forget term to show
 * @param retainLoss null when there is no retain term
 * @param tokens real (non-padding) tokens the step processed
 * @param seconds wall time of the step
 */
public record StepStats(
    long step,
    long totalSteps,
    double epoch,
    double loss,
    Double forgetLoss,
    Double retainLoss,
    double learningRate,
    double gradientNorm,
    long tokens,
    double seconds) {

  public double tokensPerSecond() {
    return seconds > 0 ? tokens / seconds : 0;
  }
}
