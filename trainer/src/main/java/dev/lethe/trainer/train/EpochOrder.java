package dev.lethe.trainer.train;

import dev.lethe.trainer.data.Pairing;
import dev.lethe.trainer.data.Pairing.Pair;
import dev.lethe.trainer.data.UnlearningData;
import java.util.List;

/**
 * Each epoch's micro-batches in {@link Pairing}'s seeded order, made once when the epoch begins.
 * The order is a function of the seed and the epoch alone, so a resumed run sees the batches that
 * an uninterrupted one would.
 */
final class EpochOrder {
  private final long seed;
  private final int forgetSize;
  private final int retainSize;
  private final int batchSize;
  private int epoch = -1;
  private List<List<Pair>> microBatches;

  EpochOrder(long seed, UnlearningData data, int batchSize) {
    this.seed = seed;
    this.forgetSize = data.forget().size();
    this.retainSize = data.retain().size();
    this.batchSize = batchSize;
  }

  /** The micro-batches of {@code epoch}, in order. */
  List<List<Pair>> of(int epoch) {
    if (epoch != this.epoch) {
      microBatches = Pairing.epoch(seed, epoch, forgetSize, retainSize, batchSize);
      this.epoch = epoch;
    }
    return microBatches;
  }
}
