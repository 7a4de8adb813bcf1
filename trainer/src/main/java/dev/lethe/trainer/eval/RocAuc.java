package dev.lethe.trainer.eval;

import java.util.Arrays;

/**
 * Area under the ROC curve of a membership-inference score (docs/metrics.md#membership-inference),
 * as {@code sklearn.metrics.roc_auc_score(labels, scores)}. open-unlearning labels the forget set 0
 * and the holdout set 1, with loss-like scores, so an AUC near 1 means the forget data is still
 * much more likely than unseen data.
 */
public final class RocAuc {
  private RocAuc() {}

  /**
   * The AUC of {@code scores} where {@code positives} have label 1 and {@code negatives} label 0:
   * P(s⁺ > s⁻) + ½ P(s⁺ = s⁻) over all (positive, negative) pairs, the Mann–Whitney form of the
   * trapezoidal area {@code roc_auc_score} computes (docs/metrics.md#membership-inference).
   *
   * @throws IllegalArgumentException when a class is empty or a score is NaN (sklearn raises too)
   */
  public static double of(double[] negatives, double[] positives) {
    if (negatives.length == 0 || positives.length == 0) {
      throw new IllegalArgumentException(
          "ROC AUC needs both classes, got "
              + negatives.length
              + " negatives and "
              + positives.length
              + " positives");
    }
    if (Arrays.stream(negatives).anyMatch(Double::isNaN)
        || Arrays.stream(positives).anyMatch(Double::isNaN)) {
      throw new IllegalArgumentException("ROC AUC scores must not be NaN");
    }
    double[] low = negatives.clone();
    double[] high = positives.clone();
    Arrays.sort(low);
    Arrays.sort(high);
    long twiceWins = 0; // 2 per negative below a positive, 1 per tie
    int below = 0; // negatives < the current positive
    int belowOrTied = 0; // negatives <= the current positive
    for (double score : high) {
      while (below < low.length && low[below] < score) {
        below++;
      }
      belowOrTied = Math.max(belowOrTied, below);
      while (belowOrTied < low.length && low[belowOrTied] <= score) {
        belowOrTied++;
      }
      twiceWins += below + (long) belowOrTied;
    }
    return twiceWins / (2.0 * low.length * high.length);
  }
}
