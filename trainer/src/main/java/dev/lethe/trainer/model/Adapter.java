package dev.lethe.trainer.model;

import ai.djl.ndarray.NDArray;

/**
 * What a {@link Projection} adds beside its frozen weight, when the model enables it: the model
 * knows only this, and the adapter's kind (LoRA, in lora/) is its own business, as a PEFT layer
 * wraps a module that never learns of it.
 */
public interface Adapter {
  /** The update for input {@code x}: {@code [..., in] -> [..., out]}. */
  NDArray apply(NDArray x, boolean training);

  /** Frees what it holds; it must not be used afterwards. */
  void close();
}
