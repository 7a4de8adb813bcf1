package dev.lethe.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.List;

/** Clipping by the global L2 norm of the gradients, as {@code torch.nn.utils.clip_grad_norm_}. */
final class GradientClipping {
  private GradientClipping() {}

  static double globalNorm(List<NDArray> parameters) {
    double sumOfSquares = 0;
    for (NDArray p : parameters) {
      try (NDArray g = p.getGradient();
          NDArray square = g.mul(g);
          NDArray sum = square.sum();
          NDArray wide = sum.toType(DataType.FLOAT64, false)) {
        sumOfSquares += wide.getDouble();
      }
    }
    return Math.sqrt(sumOfSquares);
  }

  /**
   * What the gradients are multiplied by so that their norm is at most {@code maxNorm}: torch's
   * {@code max_norm / (norm + 1e-6)}, never above 1; 1 when {@code maxNorm} is 0 (no clipping).
   */
  static double scale(double norm, double maxNorm) {
    return maxNorm > 0 ? Math.min(1, maxNorm / (norm + 1e-6)) : 1;
  }
}
