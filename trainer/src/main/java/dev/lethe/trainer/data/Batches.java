package dev.lethe.trainer.data;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lethe.trainer.model.TokenBatch;
import java.util.Arrays;
import java.util.List;

/** Pads encoded examples on the right into a {@link TokenBatch}. */
public final class Batches {
  private Batches() {}

  public static TokenBatch collate(List<EncodedExample> examples, long padId, NDManager manager) {
    int length = examples.stream().mapToInt(e -> e.ids().length).max().orElseThrow();
    int size = examples.size();
    long[] ids = new long[size * length];
    long[] mask = new long[size * length];
    long[] labels = new long[size * length];
    Arrays.fill(ids, padId);
    Arrays.fill(labels, TokenBatch.IGNORE_INDEX);
    for (int i = 0; i < size; i++) {
      EncodedExample e = examples.get(i);
      System.arraycopy(e.ids(), 0, ids, i * length, e.ids().length);
      System.arraycopy(e.labels(), 0, labels, i * length, e.labels().length);
      Arrays.fill(mask, i * length, i * length + e.ids().length, 1);
    }
    Shape shape = new Shape(size, length);
    return new TokenBatch(
        manager.create(ids, shape), manager.create(mask, shape), manager.create(labels, shape));
  }
}
