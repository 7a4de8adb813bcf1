package dev.lethe.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lethe.trainer.model.CausalLm;
import dev.lethe.trainer.model.TokenBatch;
import java.util.Random;

/**
 * The smallest causal LM a training loop can train: the next-token logits after a token are that
 * token's row of one trainable {@code [V, V]} table, picked as {@code oneHot(ids) · table} so that
 * gradients reach the table. Its reference is the table as it was made.
 */
final class BigramLm implements CausalLm {
  private final NDArray table;
  private final NDArray reference;

  /** A table of N(0, 1) values from {@code seed}, the same for the same seed on every machine. */
  BigramLm(NDManager manager, int vocabulary, long seed) {
    Random random = new Random(seed);
    float[] values = new float[vocabulary * vocabulary];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    table = manager.create(values, new Shape(vocabulary, vocabulary));
    reference = table.duplicate();
    table.setRequiresGradient(true);
  }

  /** The trainable table, the one array a loop trains. */
  NDArray table() {
    return table;
  }

  float[] weights() {
    return table.toFloatArray();
  }

  @Override
  public NDArray logits(TokenBatch batch) {
    return lookup(batch, table);
  }

  @Override
  public NDArray referenceLogits(TokenBatch batch) {
    return lookup(batch, reference).stopGradient();
  }

  private static NDArray lookup(TokenBatch batch, NDArray rows) {
    int vocabulary = (int) rows.getShape().get(0);
    // [B, T] -> [B, T, V] · [V, V] -> [B, T, V]
    return batch.inputIds().oneHot(vocabulary, DataType.FLOAT32).matMul(rows);
  }
}
