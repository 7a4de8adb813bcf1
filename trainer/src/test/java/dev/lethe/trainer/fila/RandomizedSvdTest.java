package dev.lethe.trainer.fila;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.lethe.trainer.ManagedArrays;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RandomizedSvdTest extends ManagedArrays {

  @ParameterizedTest
  @CsvSource({"40, 25", "20, 50"}) // tall, and wide (decomposed as its transpose)
  void aMatrixOfRankQIsReproducedWithOrthonormalFactors(int rows, int cols) {
    DMatrixRMaj m = CommonOps_DDRM.mult(random(rows, 3, 1), random(3, cols, 2), null); // rank 3
    RandomizedSvd.Result svd = RandomizedSvd.of(array(m), 3, 2, 7);

    assertThat(svd.u().numRows).isEqualTo(rows);
    assertThat(svd.v().numRows).isEqualTo(cols);
    assertThat(relativeError(reconstruct(svd), m)).isLessThan(1e-5);
    assertThat(orthonormalityError(svd.u())).isLessThan(1e-6);
    assertThat(orthonormalityError(svd.v())).isLessThan(1e-6);
  }

  @Test
  void topSingularValuesMatchTheExactDecomposition() {
    // A full-rank matrix whose spectrum decays: singular values 2^-k.
    int n = 30;
    DMatrixRMaj q1 = orthonormalColumns(n, 10);
    DMatrixRMaj q2 = orthonormalColumns(n, 11);
    DMatrixRMaj s = new DMatrixRMaj(n, n);
    for (int k = 0; k < n; k++) {
      s.set(k, k, Math.pow(2, -k));
    }
    DMatrixRMaj m = CommonOps_DDRM.multTransB(CommonOps_DDRM.mult(q1, s, null), q2, null);

    RandomizedSvd.Result svd = RandomizedSvd.of(array(m), 4, 2, 3);

    // Without oversampling (q = r, as LoKU calls it) the k-th value is off by about
    // (σ_{q+1} / σ_k)^(2·niter + 1) relative (Halko et al. 2011, §10.4); fp32 products add ~1e-6.
    for (int k = 0; k < 4; k++) {
      double exact = Math.pow(2, -k);
      double bound = Math.max(Math.pow(Math.pow(2, -4) / exact, 5), 1e-5);
      assertThat(Math.abs(svd.s()[k] - exact) / exact).as("singular value %d", k).isLessThan(bound);
    }
  }

  @Test
  void theSameSeedGivesTheSameFactors() {
    DMatrixRMaj m = random(12, 9, 5);
    RandomizedSvd.Result first = RandomizedSvd.of(array(m), 4, 2, 42);
    RandomizedSvd.Result second = RandomizedSvd.of(array(m), 4, 2, 42);
    assertThat(second.u().data).isEqualTo(first.u().data);
    assertThat(second.s()).isEqualTo(first.s());
  }

  private NDArray array(DMatrixRMaj m) {
    float[] values = new float[m.getNumElements()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) m.data[i];
    }
    return manager.create(values, new Shape(m.numRows, m.numCols));
  }

  private static DMatrixRMaj reconstruct(RandomizedSvd.Result svd) {
    DMatrixRMaj us = svd.u().copy();
    for (int i = 0; i < us.numRows; i++) {
      for (int k = 0; k < us.numCols; k++) {
        us.set(i, k, us.get(i, k) * svd.s()[k]);
      }
    }
    return CommonOps_DDRM.multTransB(us, svd.v(), null);
  }

  private static double relativeError(DMatrixRMaj actual, DMatrixRMaj expected) {
    return NormOps_DDRM.normF(CommonOps_DDRM.subtract(actual, expected, null))
        / NormOps_DDRM.normF(expected);
  }

  private static double orthonormalityError(DMatrixRMaj q) {
    DMatrixRMaj gram = CommonOps_DDRM.multTransA(q, q, null);
    return NormOps_DDRM.normF(
        CommonOps_DDRM.subtract(gram, CommonOps_DDRM.identity(q.numCols), null));
  }

  private static DMatrixRMaj random(int rows, int cols, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    DMatrixRMaj m = new DMatrixRMaj(rows, cols);
    for (int i = 0; i < m.getNumElements(); i++) {
      m.data[i] = random.nextGaussian();
    }
    return m;
  }

  private static DMatrixRMaj orthonormalColumns(int n, long seed) {
    SingularValueDecomposition_F64<DMatrixRMaj> svd =
        DecompositionFactory_DDRM.svd(n, n, true, true, true);
    svd.decompose(random(n, n, seed));
    return svd.getU(null, false);
  }
}
