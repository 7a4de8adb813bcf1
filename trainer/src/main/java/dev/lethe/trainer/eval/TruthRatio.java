package dev.lethe.trainer.eval;

/**
 * TOFU's truth ratio (docs/metrics.md#truth-ratio): how much more likely the wrong answers are than
 * the right one, per question, and its two aggregates.
 */
public final class TruthRatio {
  private TruthRatio() {}

  /**
   * R = (Π_k P̄_pert,k)^{1/K} / P̄_para = exp(nll_para − mean_k nll_pert,k), the geometric-mean
   * form (docs/metrics.md#truth-ratio), from per-token mean NLLs: the paraphrased answer's for
   * forget and retain, the original answer's for Real Authors and World Facts. open-unlearning
   * divides by P̄_para + 1e-10 ({@code truth_ratio}); TOFU's formula has no epsilon and neither
   * does this, so a paraphrase with probability 0 gives an infinite ratio.
   */
  public static double of(double paraphraseNll, double[] perturbedNlls) {
    AnswerProbability.requireNumber(paraphraseNll, "paraphraseNll");
    if (perturbedNlls.length == 0) {
      throw new IllegalArgumentException("perturbedNlls must not be empty");
    }
    double sum = 0;
    for (double nll : perturbedNlls) {
      AnswerProbability.requireNumber(nll, "perturbedNlls");
      sum += nll;
    }
    return Math.exp(paraphraseNll - sum / perturbedNlls.length);
  }

  /**
   * The forget-set aggregate ("closer_to_1_better"): mean_i min(R_i, 1/R_i)
   * (docs/metrics.md#truth-ratio). 1 when right and wrong answers are equally likely.
   * open-unlearning takes min(R, 1/(R + 1e-10)).
   */
  public static double forgetAggregate(double[] ratios) {
    requireRatios(ratios);
    double sum = 0;
    for (double ratio : ratios) {
      sum += Math.min(ratio, 1 / ratio);
    }
    return sum / ratios.length;
  }

  /**
   * The retain, Real Authors and World Facts aggregate ("true_better"): mean_i max(0, 1 − R_i)
   * (docs/metrics.md#truth-ratio). Higher when the right answer is more likely than the wrong ones.
   */
  public static double retainAggregate(double[] ratios) {
    requireRatios(ratios);
    double sum = 0;
    for (double ratio : ratios) {
      sum += Math.max(0, 1 - ratio);
    }
    return sum / ratios.length;
  }

  private static void requireRatios(double[] ratios) {
    if (ratios.length == 0) {
      throw new IllegalArgumentException("truth ratios must not be empty");
    }
    for (double ratio : ratios) {
      if (!(ratio >= 0)) {
        throw new IllegalArgumentException("truth ratios must be >= 0, got " + ratio);
      }
    }
  }
}
