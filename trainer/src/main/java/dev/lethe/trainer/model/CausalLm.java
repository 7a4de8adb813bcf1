package dev.lethe.trainer.model;

import ai.djl.ndarray.NDArray;

/** What a loss needs from the model: next-token logits, with and without the adapter. */
public interface CausalLm {
  /**
   * Logits of the model being trained (adapter on), recorded for backpropagation.
   *
   * @return {@code [B, T, V]}, in the batch's manager
   */
  NDArray logits(TokenBatch batch);

  /**
   * Logits of the reference model: the same base weights with the adapter switched off
   * (docs/methods.md#one-copy-of-the-weights), detached from the graph so no gradient flows into
   * them.
   *
   * @return {@code [B, T, V]}, in the batch's manager
   */
  NDArray referenceLogits(TokenBatch batch);
}
