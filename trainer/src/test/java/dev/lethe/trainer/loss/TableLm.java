package dev.lethe.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.lethe.trainer.model.CausalLm;
import dev.lethe.trainer.model.TokenBatch;

/**
 * The smallest real causal LM: the logits at each position are the row of a trainable table picked
 * by that position's input id, computed as {@code oneHot(inputIds) · table} so gradients flow into
 * the table. Tests give every position its own id, so the table's gradient is the gradient with
 * respect to the logits.
 */
public final class TableLm implements CausalLm {
  private final NDArray table; // [N, V], trainable
  private final NDArray referenceTable; // [N, V], frozen

  /** A model whose reference differs from it; the table becomes trainable. */
  public TableLm(NDArray table, NDArray referenceTable) {
    this.referenceTable = referenceTable;
    this.table = table;
    table.setRequiresGradient(true);
  }

  /** A model at the start of unlearning: the reference is a copy of the initial table. */
  public static TableLm atInitialisation(NDArray table) {
    return new TableLm(table, table.duplicate());
  }

  @Override
  public NDArray logits(TokenBatch batch) {
    return lookup(batch, table);
  }

  @Override
  public NDArray referenceLogits(TokenBatch batch) {
    return lookup(batch, referenceTable).stopGradient();
  }

  NDArray table() {
    return table;
  }

  /** The table's gradient after a backward pass, flattened. */
  public double[] gradient() {
    try (NDArray gradient = table.getGradient()) {
      return gradient.toType(DataType.FLOAT64, false).toDoubleArray();
    }
  }

  private static NDArray lookup(TokenBatch batch, NDArray rows) {
    int ids = (int) rows.getShape().get(0);
    // [B, T] -> [B, T, N] · [N, V] -> [B, T, V]
    return batch.inputIds().oneHot(ids, rows.getDataType()).matMul(rows);
  }
}
