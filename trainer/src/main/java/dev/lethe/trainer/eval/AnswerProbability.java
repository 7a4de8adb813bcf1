package dev.lethe.trainer.eval;

/**
 * TOFU's "Prob" figures from per-token mean NLLs (docs/metrics.md#probability): the
 * length-normalised probability of an answer, and, for Real Authors and World Facts, that
 * probability normalised over the answer options.
 */
public final class AnswerProbability {
  private AnswerProbability() {}

  /**
   * The length-normalised answer probability P̄(a|q) = exp(−seqNLL/|a|) = P(a|q)^{1/|a|}
   * (docs/metrics.md#probability), from the mean NLL of the answer's tokens.
   */
  public static double normalised(double meanNll) {
    requireNumber(meanNll, "meanNll");
    return Math.exp(-meanNll);
  }

  /**
   * P̄(a) / (P̄(a) + Σ_k P̄(â_k)), the answer's probability normalised over itself and the wrong
   * options (docs/metrics.md#probability). Computed as 1 / (1 + Σ_k exp(nll_a − nll_k)), which
   * equals it and cannot underflow to 0/0. Without open-unlearning's + 1e-10 in the denominator
   * ({@code probability_w_options}), which TOFU's formula does not have; the two differ by less
   * than 1e-10 / (P̄(a) + Σ_k P̄(â_k)) relative.
   *
   * @param answerNll mean NLL per token of the correct answer
   * @param perturbedNlls mean NLL per token of each wrong option; at least one
   */
  public static double overOptions(double answerNll, double[] perturbedNlls) {
    requireNumber(answerNll, "answerNll");
    if (perturbedNlls.length == 0) {
      throw new IllegalArgumentException("perturbedNlls must not be empty");
    }
    double ratios = 0; // Σ_k P̄(â_k) / P̄(a)
    for (double nll : perturbedNlls) {
      requireNumber(nll, "perturbedNlls");
      ratios += Math.exp(answerNll - nll);
    }
    return 1 / (1 + ratios);
  }

  static void requireNumber(double value, String name) {
    if (Double.isNaN(value)) {
      throw new IllegalArgumentException(name + " must not be NaN");
    }
  }
}
