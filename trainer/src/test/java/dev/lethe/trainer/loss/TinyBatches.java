package dev.lethe.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lethe.trainer.model.TokenBatch;

/**
 * The hand-computable example the loss tests share: B = 2, T = 4, V = 3, float64.
 *
 * <p>Every position has its own input id and its logits are {@code ln w} for small integer weights
 * w, so its probabilities are {@code w / Σw}. The reference model is uniform (all logits 0, p =
 * 1/3). Labels are unshifted: the logits at t are scored against {@code labels[t + 1]}.
 *
 * <pre>
 * forget batch        ids 0..7   labels [-100, 1, 2, 0] / [-100, -100, 2, -100]
 *                                attention [1, 1, 1, 1] / [1, 1, 1, 0]
 *   id (b,t) weights  target     p(target)  NLL                     IHL 1 + p(y) − max other
 *   0  (0,0) 1,2,1    1          1/2        ln 2                    1 + 1/2 − 1/4 = 1.25
 *   1  (0,1) 2,1,1    2          1/4        2 ln 2                  1 + 1/4 − 1/2 = 0.75
 *   2  (0,2) 1,1,2    0          1/4        2 ln 2                  1 + 1/4 − 1/2 = 0.75
 *   3  (0,3) 1,1,1    – (last position, no next token)
 *   4  (1,0) 2,1,1    – (next token is prompt: masked)
 *   5  (1,1) 1,1,6    2          3/4        ln 4/3 = 2 ln 2 − ln 3  1 + 3/4 − 1/8 = 1.625
 *   6  (1,2) 1,1,1    – (next token is padding: masked)
 *   7  (1,3) 1,1,100  – (padding)
 *   seqNLL = [5 ln 2, 2 ln 2 − ln 3] = [3.465736, 0.287682]; |A| = [3, 1]
 *   reference (uniform): seqNLL_ref = [3 ln 3, ln 3]
 *
 * refusal batch       ids 8..15  labels [-100, 0, -100, -100] / [-100, -100, 1, 2]
 *                                attention [1, 1, 0, 0] / [1, 1, 1, 1]
 *   8  (0,0) 2,1,1    0          1/2        ln 2
 *   9  (0,1) 1,1,1    – ;  10, 11 (0,2), (0,3) 1,1,100 padding
 *   12 (1,0) 1,1,1    – (next token is prompt: masked)
 *   13 (1,1) 1,2,1    1          1/2        ln 2
 *   14 (1,2) 1,1,2    2          1/2        ln 2
 *   15 (1,3) 1,1,1    – (last position)
 *   seqNLL = [ln 2, 2 ln 2]; reference: [ln 3, 2 ln 3]
 * </pre>
 */
public final class TinyBatches {
  public static final double LN2 = Math.log(2);
  public static final double LN3 = Math.log(3);
  public static final long IGNORE = TokenBatch.IGNORE_INDEX;

  private static final double[][] WEIGHTS = {
    {1, 2, 1}, {2, 1, 1}, {1, 1, 2}, {1, 1, 1}, {2, 1, 1}, {1, 1, 6}, {1, 1, 1}, {1, 1, 100},
    {2, 1, 1}, {1, 1, 1}, {1, 1, 100}, {1, 1, 100}, {1, 1, 1}, {1, 2, 1}, {1, 1, 2}, {1, 1, 1},
  };

  private TinyBatches() {}

  /** The trained model's table: {@code ln w} for the weights above, {@code [16, 3]}. */
  public static NDArray table(NDManager manager) {
    double[] logits = new double[WEIGHTS.length * 3];
    for (int id = 0; id < WEIGHTS.length; id++) {
      for (int v = 0; v < 3; v++) {
        logits[id * 3 + v] = Math.log(WEIGHTS[id][v]);
      }
    }
    return manager.create(logits, new Shape(WEIGHTS.length, 3));
  }

  /** The trained model with a uniform reference. */
  public static TableLm model(NDManager manager) {
    return new TableLm(
        table(manager), manager.zeros(new Shape(WEIGHTS.length, 3), DataType.FLOAT64));
  }

  public static TokenBatch forget(NDManager manager) {
    return batch(
        manager,
        new long[][] {{0, 1, 2, 3}, {4, 5, 6, 7}},
        new long[][] {{1, 1, 1, 1}, {1, 1, 1, 0}},
        new long[][] {{IGNORE, 1, 2, 0}, {IGNORE, IGNORE, 2, IGNORE}});
  }

  public static TokenBatch refusal(NDManager manager) {
    return batch(
        manager,
        new long[][] {{8, 9, 10, 11}, {12, 13, 14, 15}},
        new long[][] {{1, 1, 0, 0}, {1, 1, 1, 1}},
        new long[][] {{IGNORE, 0, IGNORE, IGNORE}, {IGNORE, IGNORE, 1, 2}});
  }

  public static TokenBatch batch(
      NDManager manager, long[][] inputIds, long[][] attentionMask, long[][] labels) {
    return new TokenBatch(
        manager.create(inputIds), manager.create(attentionMask), manager.create(labels));
  }

  /** softplus(x) = ln(1 + e^x), for expected values. */
  public static double softplus(double x) {
    return Math.log1p(Math.exp(x));
  }

  public static double scalar(NDArray array) {
    return array.toType(DataType.FLOAT64, false).getDouble();
  }
}
