package dev.lethe.trainer.fila;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * A rank-q singular value decomposition by random projection, as {@code torch.svd_lowrank} computes
 * it (Halko, Martinsson and Tropp 2011, Algorithms 4.4 and 5.1): a Gaussian test matrix, {@code
 * niter} power iterations re-orthonormalised by QR, then the exact SVD of the small projected
 * matrix. A wide matrix is decomposed as its transpose.
 *
 * <p>The products with the large matrix run in DJL, on the accelerator when there is one; the QR
 * and SVD of the thin q-column matrices run in EJML in double precision (DJL has neither).
 */
final class RandomizedSvd {
  /** {@code torch.svd_lowrank}'s default, which LoKU uses. */
  static final int POWER_ITERATIONS = 2;

  /**
   * {@code M ≈ U · diag(s) · Vᵀ}, singular values in descending order.
   *
   * @param u {@code [m, q]}
   * @param s {@code [q]}
   * @param v {@code [n, q]}
   */
  record Result(DMatrixRMaj u, double[] s, DMatrixRMaj v) {}

  private RandomizedSvd() {}

  /**
   * @param matrix {@code [m, n]} with {@code q ≤ min(m, n)}; temporaries go to its manager
   * @param seed fixes the Gaussian test matrix
   */
  static Result of(NDArray matrix, int q, int powerIterations, long seed) {
    boolean wide = matrix.getShape().get(0) < matrix.getShape().get(1);
    NDArray a = wide ? matrix.transpose() : matrix; // [M, N], M ≥ N
    NDArray at = a.transpose(); // [N, M]
    NDManager manager = matrix.getManager();
    DMatrixRMaj basis = orthonormal(a.matMul(gaussian(manager, a.getShape().get(1), q, seed)));
    for (int i = 0; i < powerIterations; i++) {
      DMatrixRMaj coBasis = orthonormal(at.matMul(array(manager, basis))); // [N, q]
      basis = orthonormal(a.matMul(array(manager, coBasis))); // [M, q]
    }
    DMatrixRMaj projected = matrix(array(manager, basis).transpose().matMul(a)); // [q, N]
    SingularValueDecomposition_F64<DMatrixRMaj> svd =
        DecompositionFactory_DDRM.svd(projected.numRows, projected.numCols, true, true, true);
    if (!svd.decompose(projected)) {
      throw new ArithmeticException("the SVD of the projected matrix did not converge");
    }
    DMatrixRMaj smallU = svd.getU(null, false); // [q, q]
    DMatrixRMaj w = svd.getW(null);
    DMatrixRMaj v = svd.getV(null, false); // [N, q]
    SingularOps_DDRM.descendingOrder(smallU, false, w, v, false);
    DMatrixRMaj u = CommonOps_DDRM.mult(basis, smallU, null); // [M, q]
    double[] s = new double[q];
    for (int k = 0; k < q; k++) {
      s[k] = w.get(k, k);
    }
    return wide ? new Result(v, s, u) : new Result(u, s, v);
  }

  /** An orthonormal basis of the columns of {@code x}: the thin Q of its QR decomposition. */
  private static DMatrixRMaj orthonormal(NDArray x) {
    DMatrixRMaj m = matrix(x);
    QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(m.numRows, m.numCols);
    if (!qr.decompose(m)) {
      throw new ArithmeticException("the QR decomposition failed");
    }
    return qr.getQ(null, true);
  }

  private static NDArray gaussian(NDManager manager, long rows, int cols, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] values = new float[Math.toIntExact(rows * cols)];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return manager.create(values, new Shape(rows, cols));
  }

  private static DMatrixRMaj matrix(NDArray x) {
    long[] shape = x.getShape().getShape();
    try (NDArray wide = x.toType(DataType.FLOAT64, true)) {
      return new DMatrixRMaj((int) shape[0], (int) shape[1], true, wide.toDoubleArray());
    }
  }

  private static NDArray array(NDManager manager, DMatrixRMaj m) {
    float[] values = new float[m.getNumElements()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) m.data[i];
    }
    return manager.create(values, new Shape(m.numRows, m.numCols));
  }
}
