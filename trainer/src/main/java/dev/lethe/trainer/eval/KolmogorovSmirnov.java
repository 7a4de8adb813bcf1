package dev.lethe.trainer.eval;

import java.util.Arrays;

/**
 * The two-sample, two-sided Kolmogorov–Smirnov test: TOFU's forget quality is its p-value on the
 * per-question truth ratios of the unlearned model and of the retain model
 * (docs/metrics.md#forget-quality).
 *
 * <p>Why not Commons Math's {@code KolmogorovSmirnovTest.kolmogorovSmirnovTest(x, y)}: forget
 * quality lives in the far tail (GradAscent's 1.94e-119 on forget05), and Commons Math 3.6.1 loses
 * it. Below n·m = 10000 its {@code exactP} is {@code 1 − P(D < d)}, which cannot go below about
 * 1e-16 (for two separated samples of 200 it gives −1.1e-15); from n·m = 10000 on, already at 200
 * vs 200, it uses the asymptotic Kolmogorov series, again as {@code 1 − cdf} (0.0 there). And it
 * breaks ties by random jitter (0.56 where scipy gives 0.97 on the fixture's "ties small"). So this
 * class follows scipy's {@code ks_2samp} ({@code scipy/stats/_stats_py.py}): the statistic from the
 * exact step functions, tied values moving both at once, and the p-value by counting lattice paths
 * as the share of paths that leave the band, which never subtracts from 1. Commons Math is used
 * only in {@link KolmogorovDistribution}, where scipy's own result is {@code 1 − cdf} too.
 */
public final class KolmogorovSmirnov {
  /** scipy's {@code MAX_AUTO_N}: method 'auto' is exact while both samples are at most this. */
  private static final int MAX_EXACT_SIZE = 10_000;

  private KolmogorovSmirnov() {}

  /**
   * The p-value of {@code scipy.stats.ks_2samp(x, y)}: two-sided, method 'auto'
   * (docs/metrics.md#forget-quality). While both sizes are at most 10,000 it is exact: {@link
   * #outsideSquare} for equal sizes and {@link #outsideBand} otherwise (scipy's {@code
   * _compute_prob_outside_square} and {@code _compute_outer_prob_inside_method}). Above that it is
   * scipy's asymptotic branch, {@code kstwo.sf(D, round(n·m/(n+m)))} ({@link
   * KolmogorovDistribution}).
   *
   * @return the p-value in [0, 1]; NaN when a value is NaN (scipy's {@code nan_policy='propagate'})
   * @throws IllegalArgumentException when a sample is empty
   */
  public static double pValue(double[] x, double[] y) {
    if (x.length == 0 || y.length == 0) {
      throw new IllegalArgumentException(
          "KS test needs two non-empty samples, got sizes " + x.length + " and " + y.length);
    }
    if (Arrays.stream(x).anyMatch(Double::isNaN) || Arrays.stream(y).anyMatch(Double::isNaN)) {
      return Double.NaN;
    }
    int n = x.length;
    int m = y.length;
    Statistic statistic = Statistic.of(x, y);
    if (Math.max(n, m) <= MAX_EXACT_SIZE) {
      int g = gcd(n, m);
      // D in units of 1/lcm(n, m): (i·m − j·n)/(n·m) = ((i·m − j·n)/g)/lcm, an integer count.
      long h = statistic.scaled() / g;
      double p = h == 0 ? 1.0 : n == m ? outsideSquare(n, (int) h) : outsideBand(n, m, g, h);
      if (p >= 0 && p <= 1) {
        return p;
      }
      // scipy falls back to the asymptotic branch when the exact result is not a probability.
    }
    double big = Math.max(n, m);
    double small = Math.min(n, m);
    int effective = (int) Math.rint(big * small / (big + small)); // np.round: half to even
    return Math.min(1, Math.max(0, KolmogorovDistribution.survival(effective, statistic.d())));
  }

  /**
   * P(D ≥ h/n) for two samples of size n: 2 Σ_{k≥1} (−1)^{k+1} C(2n, n − kh) / C(2n, n), the
   * reflection formula for paths from (0, 0) to (n, n). Written as 2 B_0 (1 − B_1 (1 − B_2 (…)))
   * with B_k = C(2n, n − (k+1)h) / C(2n, n − kh), each a product of h ratios, so no term cancels
   * another and the far tail keeps its relative precision.
   */
  static double outsideSquare(int n, int h) {
    double nested = 0;
    for (int k = n / h; k >= 0; k--) {
      double ratio = 1; // B_k
      for (int j = 0; j < h; j++) {
        ratio = (n - (double) k * h - j) * ratio / (n + (double) k * h + j + 1);
      }
      nested = ratio * (1 - nested);
    }
    return 2 * nested;
  }

  /**
   * P(D ≥ h/lcm) for samples of sizes n ≠ m with gcd g: the share of the lattice paths from (0, 0)
   * to (big, small) that touch the border of the band |i·small/g − j·big/g| &lt; h. Every path to
   * (i, j) comes from (i−1, j) or (i, j−1), in proportions i : j, so the share of the paths to (i,
   * j) that have left the band is the weighted mean of the two shares before it; a cell outside the
   * band counts 1. This is Viehmann's recursion for 1 − p (arXiv 2102.08037) that scipy uses: it
   * averages probabilities and never subtracts, so the far tail stays accurate.
   */
  static double outsideBand(int n, int m, int g, long h) {
    int big = Math.max(n, m);
    int small = Math.min(n, m);
    long bigStep = big / g;
    long smallStep = small / g;
    // exited[j]: for the current column i, the share of paths to (i, j) that have left the band.
    double[] exited = new double[small + 1];
    Arrays.fill(exited, 1.0);
    int top = (int) Math.min(ceilDiv(h, bigStep), small + 1L);
    Arrays.fill(exited, 0, top, 0.0); // column 0: (0, j) is inside while j·big/g < h
    int previousLow = 0;
    for (int i = 1; i <= big; i++) {
      // Inside the band in this column: low <= j < high.
      int low = (int) Math.min(Math.max(Math.floorDiv(smallStep * i - h, bigStep) + 1, 0), small);
      int high = (int) Math.min(ceilDiv(smallStep * i + h, bigStep), small + 1L);
      if (high <= low) {
        return 1.0; // no path stays inside
      }
      Arrays.fill(exited, previousLow, low, 1.0); // cells the band has moved past
      double below = low == 0 ? 0.0 : 1.0; // (i, low − 1) is outside the band
      for (int j = low; j < high; j++) {
        below = (i * exited[j] + j * below) / (i + j);
        exited[j] = below;
      }
      previousLow = low;
    }
    return exited[small];
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /**
   * The statistic sup |F_x − F_y|: {@code scaled} = max |i·m − j·n| over the values z of both
   * samples, with i (j) the number of x (y) values ≤ z, so tied values move both step functions at
   * once; {@code d} is the same maximum as scipy computes it in floating point, i/n − j/m.
   */
  private record Statistic(long scaled, double d) {
    static Statistic of(double[] x, double[] y) {
      double[] a = x.clone();
      double[] b = y.clone();
      Arrays.sort(a);
      Arrays.sort(b);
      int n = a.length;
      int m = b.length;
      long best = 0;
      double d = 0;
      int i = 0;
      int j = 0;
      // Once one sample is used up, |F_x − F_y| only shrinks, so the loop can stop there.
      while (i < n && j < m) {
        double z = Math.min(a[i], b[j]);
        while (i < n && a[i] == z) { // ==, not Double.compare: -0.0 ties with 0.0 as in numpy
          i++;
        }
        while (j < m && b[j] == z) {
          j++;
        }
        long scaled = Math.abs((long) i * m - (long) j * n);
        if (scaled > best) {
          best = scaled;
          d = Math.abs((double) i / n - (double) j / m);
        }
      }
      return new Statistic(best, d);
    }
  }
}
