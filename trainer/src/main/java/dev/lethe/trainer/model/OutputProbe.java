package dev.lethe.trainer.model;

import ai.djl.ndarray.NDArray;

/**
 * Sees a projection's input and output in a forward pass and may add to the output. FILA's Fisher
 * pass reads the gradient of frozen weights this way, without a gradient buffer for them.
 */
public interface OutputProbe {
  /**
   * @param input {@code [..., in]}
   * @param output {@code [..., out]}, before any adapter's update
   * @return what the layer outputs instead
   */
  NDArray observe(NDArray input, NDArray output);
}
