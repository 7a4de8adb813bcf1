package dev.lethe.trainer.eval;

/**
 * MUSE's PrivLeak as open-unlearning computes it from MIA AUCs (docs/metrics.md#privleak): the
 * relative gap between the unlearned model's and the retain model's AUC. About 0 is ideal; large
 * negative means under-unlearning, large positive over-unlearning.
 */
public final class PrivLeak {
  private PrivLeak() {}

  /**
   * ((1 − auc) − (1 − referenceAuc)) / (1 − referenceAuc) × 100 (docs/metrics.md#privleak). MUSE's
   * AUC is 1 minus open-unlearning's (forget labelled 0, loss-like scores), hence the 1 − x.
   * open-unlearning adds 1e-10 to the denominator; MUSE's formula does not, and neither does this.
   *
   * @param auc the unlearned model's Min-K% (k = 0.4) AUC, forget vs holdout
   * @param referenceAuc the retain model's, 0.5 when its logs are not given
   * @throws IllegalArgumentException when an AUC is outside [0, 1] or referenceAuc is 1
   */
  public static double of(double auc, double referenceAuc) {
    if (!(auc >= 0 && auc <= 1) || !(referenceAuc >= 0 && referenceAuc < 1)) {
      throw new IllegalArgumentException(
          "privleak needs auc in [0, 1] and referenceAuc in [0, 1), got "
              + auc
              + " and "
              + referenceAuc);
    }
    double score = 1 - auc;
    double reference = 1 - referenceAuc;
    return (score - reference) / reference * 100;
  }
}
