package dev.lethe.trainer.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import dev.lethe.trainer.data.Batches;
import dev.lethe.trainer.data.EncodedExample;
import dev.lethe.trainer.loss.LossMath;
import dev.lethe.trainer.model.ForwardMode;
import dev.lethe.trainer.model.LlamaModel;
import dev.lethe.trainer.model.TokenBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Teacher-forced figures of one example's target tokens (the answer and its end-of-sequence token,
 * docs/methods.md#examples-and-labels), in order, as plain arrays for the metric math.
 *
 * @param logProbs {@code log p(y_t | y_<t)} of each target token
 * @param correct whether the most likely next token is the target
 * @param means {@code μ_t = Σ_v p_v log p_v} of the predicted distribution (Min-K%++); null unless
 *     asked for
 * @param variances {@code Σ_v p_v (log p_v)² − μ_t²}; null unless asked for
 */
public record TokenScores(
    double[] logProbs, boolean[] correct, double[] means, double[] variances) {

  /** The example's mean negative log-likelihood per target token. */
  public double meanNll() {
    return -Arrays.stream(logProbs).average().orElseThrow();
  }

  /**
   * The same without the final target (normally the end-of-sequence token): the positions
   * open-unlearning's {@code tokenwise_vocab_logprobs} keeps for memorisation, Min-K% and Min-K%++.
   * A single target is kept.
   */
  public TokenScores withoutFinal() {
    int n = logProbs.length > 1 ? logProbs.length - 1 : logProbs.length;
    return new TokenScores(
        Arrays.copyOf(logProbs, n),
        Arrays.copyOf(correct, n),
        means == null ? null : Arrays.copyOf(means, n),
        variances == null ? null : Arrays.copyOf(variances, n));
  }

  /**
   * Scores every example with the adapters on and no dropout.
   *
   * @param distributions also the moments of each predicted distribution, for Min-K%++
   */
  public static List<TokenScores> of(
      LlamaModel model,
      List<EncodedExample> examples,
      long padId,
      int batchSize,
      boolean distributions) {
    List<TokenScores> scores = new ArrayList<>(examples.size());
    for (int start = 0; start < examples.size(); start += batchSize) {
      List<EncodedExample> chunk =
          examples.subList(start, Math.min(examples.size(), start + batchSize));
      try (NDManager step = model.manager().newSubManager()) {
        TokenBatch batch = Batches.collate(chunk, padId, step);
        NDArray logits = model.logits(batch.inputIds(), batch.attentionMask(), ForwardMode.EVAL);
        NDArray logProbs = logits.get(new NDIndex(":, :-1, :")).logSoftmax(-1); // [B, T-1, V]
        NDArray targets = LossMath.nextTokenTargets(batch.labels()); // [B, T-1]
        double[] target = doubles(logProbs.gather(targets.expandDims(2), 2).squeeze(2));
        long[] predicted = logProbs.argMax(-1).toLongArray(); // [B, T-1]
        double[] means = null;
        double[] variances = null;
        if (distributions) {
          NDArray p = logProbs.exp();
          NDArray mean = p.mul(logProbs).sum(new int[] {-1}); // [B, T-1]
          NDArray square = p.mul(logProbs.mul(logProbs)).sum(new int[] {-1});
          means = doubles(mean);
          variances = doubles(square.sub(mean.mul(mean)));
        }
        int width = (int) batch.length() - 1;
        for (int i = 0; i < chunk.size(); i++) {
          scores.add(select(chunk.get(i), i * width, target, predicted, means, variances));
        }
      }
    }
    return scores;
  }

  /** The target positions of one row: those whose next label takes a loss. */
  private static TokenScores select(
      EncodedExample example,
      int row,
      double[] target,
      long[] predicted,
      double[] means,
      double[] variances) {
    long[] labels = example.labels();
    int n = (int) example.targetTokens();
    double[] logProbs = new double[n];
    boolean[] correct = new boolean[n];
    double[] mu = means == null ? null : new double[n];
    double[] var = variances == null ? null : new double[n];
    int k = 0;
    for (int t = 0; t + 1 < labels.length; t++) {
      if (labels[t + 1] == TokenBatch.IGNORE_INDEX) {
        continue;
      }
      logProbs[k] = target[row + t];
      correct[k] = predicted[row + t] == labels[t + 1];
      if (mu != null) {
        mu[k] = means[row + t];
        var[k] = variances[row + t];
      }
      k++;
    }
    return new TokenScores(
        Arrays.copyOf(logProbs, k),
        Arrays.copyOf(correct, k),
        mu == null ? null : Arrays.copyOf(mu, k),
        var == null ? null : Arrays.copyOf(var, k));
  }

  private static double[] doubles(NDArray array) {
    return array.toType(DataType.FLOAT64, false).toDoubleArray();
  }
}
