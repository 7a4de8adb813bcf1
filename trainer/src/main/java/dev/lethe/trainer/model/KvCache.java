package dev.lethe.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/** Keys and values of the positions already decoded, per layer, {@code [B, KV, S, hd]}. */
final class KvCache {
  private final NDManager manager;
  private final NDArray[] keys;
  private final NDArray[] values;
  private int length;

  KvCache(NDManager manager, int layers) {
    this.manager = manager;
    this.keys = new NDArray[layers];
    this.values = new NDArray[layers];
  }

  /** Positions cached so far. */
  int length() {
    return length;
  }

  /**
   * Appends this step's keys and values for one layer and returns the whole sequence's. The cache
   * keeps its arrays in its own manager, so the step's manager can be closed.
   */
  NDList append(int layer, NDArray k, NDArray v) {
    keys[layer] = grow(keys[layer], k);
    values[layer] = grow(values[layer], v);
    if (layer == keys.length - 1) {
      length = (int) keys[layer].getShape().get(2);
    }
    return new NDList(keys[layer], values[layer]);
  }

  private NDArray grow(NDArray cached, NDArray fresh) {
    NDArray all =
        cached == null ? fresh.duplicate() : NDArrays.concat(new NDList(cached, fresh), 2);
    all.attach(manager);
    if (cached != null) {
      cached.close();
    }
    return all;
  }
}
