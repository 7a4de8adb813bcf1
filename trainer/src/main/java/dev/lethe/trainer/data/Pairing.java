package dev.lethe.trainer.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The order of one epoch (docs/methods.md#pairing): the forget set in a seeded shuffled order, each
 * forget example paired with a uniformly random retain example. Each epoch has its own stream from
 * (seed, epoch), so a resumed run sees the same batches as an uninterrupted one.
 */
public final class Pairing {
  private Pairing() {}

  /** A forget example and the retain example drawn for it (-1 when there is no retain set). */
  public record Pair(int forget, int retain) {}

  public static List<List<Pair>> epoch(
      long seed, int epoch, int forgetSize, int retainSize, int batchSize) {
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
    int[] order = new int[forgetSize];
    for (int i = 0; i < forgetSize; i++) {
      order[i] = i;
    }
    for (int i = forgetSize - 1; i > 0; i--) { // Fisher-Yates
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    List<List<Pair>> batches = new ArrayList<>();
    for (int start = 0; start < forgetSize; start += batchSize) {
      List<Pair> batch = new ArrayList<>();
      for (int i = start; i < Math.min(forgetSize, start + batchSize); i++) {
        batch.add(new Pair(order[i], retainSize > 0 ? random.nextInt(retainSize) : -1));
      }
      batches.add(batch);
    }
    return batches;
  }
}
