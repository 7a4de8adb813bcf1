package dev.lethe.trainer.eval;

/**
 * TOFU's model utility (docs/metrics.md#model-utility): the harmonic mean of Prob, ROUGE-L recall
 * and truth ratio on the retain set and on each utility set the job names (TOFU's nine figures with
 * its Real Authors and World Facts sets).
 */
public final class ModelUtility {
  private ModelUtility() {}

  /**
   * The harmonic mean n / Σ 1/v_i, as {@code scipy.stats.hmean} (docs/metrics.md#model-utility): 0
   * when any value is 0, which is how GradAscent's utility collapses to 0.00 in the tables.
   *
   * @throws IllegalArgumentException when there is no value, or a value is negative or NaN (scipy
   *     returns NaN for those)
   */
  public static double harmonicMean(double... values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("harmonic mean of no values");
    }
    double reciprocals = 0;
    for (double value : values) {
      if (!(value >= 0)) {
        throw new IllegalArgumentException("harmonic mean needs values >= 0, got " + value);
      }
      reciprocals += 1 / value; // 1/0 = ∞, and n/∞ = 0
    }
    return values.length / reciprocals;
  }
}
