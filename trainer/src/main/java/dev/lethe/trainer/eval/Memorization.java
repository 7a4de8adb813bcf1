package dev.lethe.trainer.eval;

/**
 * open-unlearning's teacher-forced memorisation metrics ({@code memorization.py};
 * docs/metrics.md#exact-memorisation). {@code correct[t]} says whether the argmax of the model's
 * next-token distribution equals the label, for each scored answer token in order. Scored tokens
 * are those of {@code tokenwise_vocab_logprobs}: every labelled position except the last one, so
 * the final label (EOS, or the template's end-of-turn token) is left out.
 */
public final class Memorization {
  private Memorization() {}

  /**
   * Exact memorisation: the share of answer tokens the model predicts exactly, mean_t 1[argmax =
   * y_t] (docs/metrics.md#exact-memorisation).
   *
   * @throws IllegalArgumentException when there is no token (open-unlearning skips such answers)
   */
  public static double exactMemorization(boolean[] correct) {
    requireTokens(correct);
    int hits = 0;
    for (boolean hit : correct) {
      hits += hit ? 1 : 0;
    }
    return (double) hits / correct.length;
  }

  /**
   * Extraction strength: 1 − k/n, where k is the smallest index such that every prediction from k
   * on is correct (docs/metrics.md#extraction-strength); k = n, so ES = 0, when the last one is
   * wrong. open-unlearning's loop instead leaves k = n − 1 in that case and reports 1/n.
   *
   * @throws IllegalArgumentException when there is no token (open-unlearning reports 0)
   */
  public static double extractionStrength(boolean[] correct) {
    requireTokens(correct);
    int k = correct.length;
    while (k > 0 && correct[k - 1]) {
      k--;
    }
    return 1 - (double) k / correct.length;
  }

  private static void requireTokens(boolean[] correct) {
    if (correct.length == 0) {
      throw new IllegalArgumentException("memorisation needs at least one scored token");
    }
  }
}
