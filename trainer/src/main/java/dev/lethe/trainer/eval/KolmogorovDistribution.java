package dev.lethe.trainer.eval;

import org.apache.commons.math3.special.Gamma;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * The one-sample two-sided Kolmogorov distribution P(D_n ≥ x), scipy's {@code
 * scipy.stats.kstwo.sf(x, n)}, which {@code ks_2samp} uses for samples above 10,000 values
 * (docs/metrics.md#forget-quality). It follows the branches of scipy's {@code _kolmogn(n, x,
 * cdf=False)} ({@code scipy/stats/_ksstats.py}, after Simard and L'Ecuyer 2011). Where the tail is
 * small it is computed directly (2 (1 − x)^n, or twice the exact one-sided Smirnov tail); only
 * where it is at least a few percent is it {@code 1 − cdf}, and there Commons Math's {@link
 * KolmogorovSmirnovTest#cdf} is accurate enough. For n ≤ 140 that is Durbin's matrix, exact as
 * scipy's Durbin and Pomeranz methods are. Above, it is Pelz–Good, as in scipy except for small x
 * (n·x^1.5 ≤ 1.4), where scipy uses Durbin's matrix: there the p-value is above 0.9 and the two
 * differ by about 1e-7.
 */
final class KolmogorovDistribution {
  private static final KolmogorovSmirnovTest COMMONS = new KolmogorovSmirnovTest();

  private KolmogorovDistribution() {}

  /** P(D_n ≥ x) for a sample of size n. */
  static double survival(int n, double x) {
    if (x >= 1) {
      return 0;
    }
    if (x <= 0) {
      return 1;
    }
    double t = n * x;
    if (t >= n - 1) {
      return 2 * Math.pow(1 - x, n); // Ruben–Gambino: exact for x ≥ 1 − 1/n
    }
    if (x >= 0.5) {
      return 2 * smirnov(n, x); // exact: the two one-sided events are disjoint
    }
    double nxSquared = t * x;
    if (n <= 140) {
      return nxSquared <= 4 ? 1 - COMMONS.cdf(x, n) : 2 * smirnov(n, x);
    }
    if (nxSquared >= 370) {
      return 0;
    }
    if (nxSquared >= 2.2) {
      return 2 * smirnov(n, x);
    }
    return 1 - COMMONS.cdf(x, n);
  }

  /**
   * The one-sided tail P(D_n⁺ ≥ x), Birnbaum and Tingey (1951): x Σ_{v=0}^{⌊n(1−x)⌋} C(n, v) (x +
   * v/n)^{v−1} (1 − x − v/n)^{n−v}. The terms are all positive; they are summed in log space,
   * relative to the largest, so neither huge binomials nor tiny powers over- or underflow.
   */
  static double smirnov(int n, double x) {
    int last = (int) Math.floor(n * (1 - x));
    double[] logTerms = new double[last + 1];
    double largest = Double.NEGATIVE_INFINITY;
    double logFactorialN = Gamma.logGamma(n + 1.0);
    for (int v = 0; v <= last; v++) {
      double logBinomial = logFactorialN - Gamma.logGamma(v + 1.0) - Gamma.logGamma(n - v + 1.0);
      double at = x + (double) v / n;
      double rest = 1 - at;
      logTerms[v] =
          rest > 0
              ? logBinomial + (v - 1) * Math.log(at) + (n - v) * Math.log(rest)
              : Double.NEGATIVE_INFINITY; // (1 − x − v/n)^{n−v} = 0 when v < n
      largest = Math.max(largest, logTerms[v]);
    }
    if (largest == Double.NEGATIVE_INFINITY) {
      return 0;
    }
    double sum = 0;
    for (double logTerm : logTerms) {
      sum += Math.exp(logTerm - largest);
    }
    return x * Math.exp(largest + Math.log(sum));
  }
}
