package dev.lethe.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.lethe.trainer.data.UnlearningBatch;
import dev.lethe.trainer.loss.LossTerms;
import dev.lethe.trainer.model.TokenBatch;

/**
 * A micro-batch's loss as numbers, read while its arrays are still open, for its step's report.
 *
 * @param retain null when the objective has no retain term
 * @param tokens real (non-padding) tokens of the forget, retain and refusal batches together
 */
record MicroBatchLoss(double total, double forget, Double retain, long tokens) {

  static MicroBatchLoss of(LossTerms terms, UnlearningBatch batch) {
    return new MicroBatchLoss(
        value(terms.total()),
        value(terms.forget()),
        terms.retain() == null ? null : value(terms.retain()),
        realTokens(batch.forget()) + realTokens(batch.retain()) + realTokens(batch.refusal()));
  }

  /** Whether the loss backpropagated is a number: NaN or infinity would poison every weight. */
  boolean isFinite() {
    return Double.isFinite(total);
  }

  /** The error of a step whose loss is not finite, with every part of the loss. */
  TrainingDivergedException diverged(long step) {
    return new TrainingDivergedException(
        "training diverged at step "
            + step
            + ": loss "
            + total
            + " (forget "
            + forget
            + (retain == null ? "" : ", retain " + retain)
            + ")");
  }

  private static double value(NDArray scalar) {
    return scalar.toType(DataType.FLOAT64, false).getDouble();
  }

  private static long realTokens(TokenBatch batch) {
    return batch == null ? 0 : batch.attentionMask().sum().getLong();
  }
}
