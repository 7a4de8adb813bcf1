package dev.lethe.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.List;

/** The global L2 norm of the gradients, as {@code torch.nn.utils.clip_grad_norm_} computes it. */
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
}
