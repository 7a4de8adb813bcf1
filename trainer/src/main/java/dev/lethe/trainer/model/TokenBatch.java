package dev.lethe.trainer.model;

import ai.djl.ndarray.NDArray;

/**
 * A micro-batch of tokenised examples, right-padded to a common length T.
 *
 * @param inputIds token ids, int64 {@code [B, T]}
 * @param attentionMask 1 for real tokens, 0 for padding, int64 {@code [B, T]}
 * @param labels the token each position should be trained towards, int64 {@code [B, T]}, with
 *     {@link #IGNORE_INDEX} where no loss is taken (prompt, padding). Labels are not shifted: the
 *     logits at position t are scored against {@code labels[t + 1]} (docs/methods.md#shifting).
 */
public record TokenBatch(NDArray inputIds, NDArray attentionMask, NDArray labels) {
  /** The label of positions that take no loss, as in Hugging Face and PyTorch. */
  public static final long IGNORE_INDEX = -100;

  public long batchSize() {
    return inputIds.getShape().get(0);
  }

  public long length() {
    return inputIds.getShape().get(1);
  }
}
