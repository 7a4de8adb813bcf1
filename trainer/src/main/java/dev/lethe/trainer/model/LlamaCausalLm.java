package dev.lethe.trainer.model;

import ai.djl.ndarray.NDArray;

/** The model as losses see it: training logits with adapters, reference logits without. */
public record LlamaCausalLm(LlamaModel model) implements CausalLm {
  @Override
  public NDArray logits(TokenBatch batch) {
    return model.logits(batch.inputIds(), batch.attentionMask(), ForwardMode.TRAIN);
  }

  @Override
  public NDArray referenceLogits(TokenBatch batch) {
    return model
        .logits(batch.inputIds(), batch.attentionMask(), ForwardMode.REFERENCE)
        .stopGradient();
  }
}
