package dev.lethe.trainer.eval;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Per-text membership-inference scores of open-unlearning ({@code src/evals/metrics/mia/};
 * docs/metrics.md#membership-inference). All are loss-like: higher means less likely a member.
 * Inputs are the log-probabilities of the scored tokens, in order. Which tokens: LOSS and zlib use
 * {@code evaluate_probability}, every labelled token including the final one (EOS); Min-K% and
 * Min-K%++ use {@code tokenwise_logprobs}, which drops the last labelled token.
 */
public final class MembershipAttacks {
  /** open-unlearning's floor on the variance σ² in Min-K%++ ({@code torch.clamp(sigma, 1e-6)}). */
  private static final double MIN_VARIANCE = 1e-6;

  private MembershipAttacks() {}

  /**
   * The LOSS attack: the mean NLL of the text's tokens, −mean_t log p(x_t)
   * (docs/metrics.md#membership-inference).
   *
   * @throws IllegalArgumentException when there is no token
   */
  public static double loss(double[] tokenLogProbs) {
    requireTokens(tokenLogProbs);
    double sum = 0;
    for (double logProb : tokenLogProbs) {
      sum += logProb;
    }
    return -sum / tokenLogProbs.length;
  }

  /**
   * The zlib attack: {@link #loss} / {@link #zlibLength}(text)
   * (docs/metrics.md#membership-inference). In open-unlearning ({@code ZLIBAttack}) the text
   * compressed is the scored target itself, the labelled tokens decoded with {@code
   * skip_special_tokens=True}, not the prompt.
   */
  public static double zlib(double[] tokenLogProbs, String text) {
    return loss(tokenLogProbs) / zlibLength(text);
  }

  /**
   * {@code len(zlib.compress(text.encode('utf-8')))}: the zlib stream (header and Adler-32
   * included) at the default level 6, which {@link Deflater} with its defaults writes too.
   */
  public static int zlibLength(String text) {
    Deflater deflater = new Deflater();
    try {
      deflater.setInput(text.getBytes(StandardCharsets.UTF_8));
      deflater.finish();
      byte[] buffer = new byte[8192];
      int length = 0;
      while (!deflater.finished()) {
        length += deflater.deflate(buffer);
      }
      return length;
    } finally {
      deflater.end();
    }
  }

  /**
   * Min-K% Prob: −mean of the lowest ⌊k·n⌋ token log-probabilities, and at least one, as
   * open-unlearning's {@code MinKProbAttack} ({@code max(1, int(n·k))}; the evaluator uses k =
   * 0.4). No tokens give 0, as there.
   *
   * @param k the fraction of tokens, in (0, 1]
   */
  public static double minK(double[] tokenLogProbs, double k) {
    requireFraction(k);
    return negativeMeanOfLowest(tokenLogProbs.clone(), k);
  }

  /**
   * Min-K%++: per token z_t = (log p(x_t) − μ_t) / σ_t with μ_t = Σ_v p_v log p_v and σ_t² = Σ_v
   * p_v (log p_v)² − μ_t² floored at 1e-6, then −mean of the lowest max(1, ⌊k·n⌋) z_t
   * (docs/metrics.md#membership-inference; open-unlearning's {@code MinKPlusPlusAttack}). No tokens
   * give 0, as there.
   *
   * @param means μ_t of the model's distribution at each scored position
   * @param variances σ_t² = Σ_v p_v (log p_v)² − μ_t², before the floor
   * @param k the fraction of tokens, in (0, 1]
   */
  public static double minKPlusPlus(
      double[] tokenLogProbs, double[] means, double[] variances, double k) {
    requireFraction(k);
    int n = tokenLogProbs.length;
    if (means.length != n || variances.length != n) {
      throw new IllegalArgumentException(
          "Min-K%++ needs one mean and variance per token, got "
              + n
              + " tokens, "
              + means.length
              + " means and "
              + variances.length
              + " variances");
    }
    double[] normalised = new double[n];
    for (int t = 0; t < n; t++) {
      normalised[t] =
          (tokenLogProbs[t] - means[t]) / Math.sqrt(Math.max(variances[t], MIN_VARIANCE));
    }
    return negativeMeanOfLowest(normalised, k);
  }

  private static double negativeMeanOfLowest(double[] values, double k) {
    if (values.length == 0) {
      return 0;
    }
    if (Arrays.stream(values).anyMatch(Double::isNaN)) {
      throw new IllegalArgumentException("membership scores need no NaN log-probabilities");
    }
    Arrays.sort(values);
    int count = Math.max(1, (int) (values.length * k)); // Python's int(): truncation
    double sum = 0;
    for (int i = 0; i < count; i++) {
      sum += values[i];
    }
    return -sum / count;
  }

  private static void requireTokens(double[] tokenLogProbs) {
    if (tokenLogProbs.length == 0) {
      throw new IllegalArgumentException("a membership score needs at least one token");
    }
  }

  private static void requireFraction(double k) {
    if (!(k > 0 && k <= 1)) {
      throw new IllegalArgumentException("k must be in (0, 1], got " + k);
    }
  }
}
