package dev.lethe.trainer.train;

/**
 * One optimiser step's micro-batches, summed into the step's report: the mean of their losses, the
 * sum of their tokens, and the wall time since the step's first micro-batch began, so that the time
 * the previous step's listeners took (an evaluation, a checkpoint) is not counted.
 */
final class StepAverages {
  private final long started = System.nanoTime();
  private double loss;
  private double forget;
  private double retain;
  private boolean hasRetain;
  private int count;
  private long tokens;

  void add(MicroBatchLoss micro) {
    loss += micro.total();
    forget += micro.forget();
    if (micro.retain() != null) {
      retain += micro.retain();
      hasRetain = true;
    }
    count++;
    tokens += micro.tokens();
  }

  StepStats stats(
      long step, long totalSteps, double epoch, double learningRate, double gradientNorm) {
    return new StepStats(
        step,
        totalSteps,
        epoch,
        loss / count,
        forget / count,
        hasRetain ? retain / count : null,
        learningRate,
        gradientNorm,
        tokens,
        (System.nanoTime() - started) / 1e9);
  }
}
