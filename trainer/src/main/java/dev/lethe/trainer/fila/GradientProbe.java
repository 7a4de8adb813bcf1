package dev.lethe.trainer.fila;

import ai.djl.ndarray.NDArray;
import dev.lethe.trainer.model.OutputProbe;

/**
 * Reads the gradient of a frozen projection weight from one backward pass: it adds a zero that
 * requires a gradient to the layer's output, so backward yields {@code g = ∂L/∂y}, and for {@code y
 * = x·Wᵀ} the weight's gradient is {@code Σ_t g_tᵀ · x_t} over every position. The base weights
 * never get a gradient buffer, and each weight's gradient exists only while it is accumulated.
 */
final class GradientProbe implements OutputProbe {
  private NDArray input; // [..., in]
  private NDArray zero; // [..., out], requires a gradient

  @Override
  public NDArray observe(NDArray input, NDArray output) {
    this.input = input;
    zero = output.zerosLike();
    zero.setRequiresGradient(true);
    return output.add(zero);
  }

  /**
   * The gradient of the weight after the last forward pass's backward, {@code [out, in]}, in the
   * pass's manager; the caller closes it.
   */
  NDArray weightGradient() {
    long in = input.getShape().getLastDimension();
    try (NDArray outputGradient = zero.getGradient()) { // [..., out]
      long out = outputGradient.getShape().getLastDimension();
      // [N, out]ᵀ · [N, in] -> [out, in]
      return outputGradient.reshape(-1, out).transpose().matMul(input.reshape(-1, in));
    }
  }
}
