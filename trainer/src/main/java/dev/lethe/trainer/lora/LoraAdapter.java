package dev.lethe.trainer.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import dev.lethe.trainer.model.Adapter;
import java.util.SplittableRandom;

/**
 * A LoRA update {@code (alpha / r) · B · A · x} beside a frozen linear layer (Hu et al. 2021; PEFT
 * {@code lora/layer.py}). Only A and B are trained.
 *
 * <p>An adapter started by FILA also holds its frozen initial factors A0 and B0, and its update is
 * {@code s · (B·A − B0·A0) · x}: the layer computes {@code (W − s·B0·A0)·x + s·B·A·x}, LoKU's
 * residual base plus the adapter (docs/methods.md#fila, step 5), without ever writing {@code W −
 * s·B0·A0}. The update is exactly zero at the start, the reference model (adapter off) is exactly
 * W, and the adapter exported is the rank-2r PEFT adapter {@code [A; A0]}, {@code [B, −B0]}
 * (docs/methods.md#fila-export).
 */
public final class LoraAdapter implements Adapter {
  private final NDArray a; // [r, in]
  private final NDArray b; // [out, r]
  private final NDArray initialA; // [r, in] FILA's A0, frozen; null for a plain adapter
  private final NDArray initialB; // [out, r] FILA's B0, frozen; null for a plain adapter
  private final NDArray scaling; // [] alpha / r, an array so no Java scalar enters the graph
  private final float dropout;

  public LoraAdapter(NDArray a, NDArray b, double scaling, float dropout) {
    this(a, b, null, null, scaling, dropout);
  }

  private LoraAdapter(
      NDArray a, NDArray b, NDArray initialA, NDArray initialB, double scaling, float dropout) {
    this.a = a;
    this.b = b;
    this.initialA = initialA;
    this.initialB = initialB;
    this.scaling = a.getManager().create(scaling).toType(a.getDataType(), false);
    this.dropout = dropout;
    a.setRequiresGradient(true);
    b.setRequiresGradient(true);
  }

  /**
   * PEFT's default start: A Kaiming-uniform with a = √5, i.e. U(−1/√in, 1/√in), and B = 0, so the
   * adapter starts as a no-op. Seeded per layer, so the same seed gives the same adapter.
   */
  public static LoraAdapter initialised(
      NDManager manager,
      DataType type,
      long out,
      long in,
      int rank,
      double scaling,
      float dropout,
      long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double bound = 1 / Math.sqrt(in);
    double[] values = new double[(int) (rank * in)];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextDouble(-bound, bound);
    }
    NDArray a = manager.create(values, new Shape(rank, in)).toType(type, false);
    NDArray b = manager.zeros(new Shape(out, rank), type);
    return new LoraAdapter(a, b, scaling, dropout);
  }

  /**
   * An adapter whose trainable A and B start as copies of FILA's initial factors, which it keeps
   * frozen (see the class comment).
   */
  public static LoraAdapter startingAt(
      NDArray initialA, NDArray initialB, double scaling, float dropout) {
    return new LoraAdapter(
        initialA.duplicate(), initialB.duplicate(), initialA, initialB, scaling, dropout);
  }

  @Override
  public NDArray apply(NDArray x, boolean training) {
    NDArray input = training && dropout > 0 ? Dropout.dropout(x, dropout, true).head() : x;
    NDArray update = lowRank(input, a, b);
    if (initialA != null) {
      update = update.sub(lowRank(x, initialA, initialB));
    }
    return update.mul(scaling);
  }

  private static NDArray lowRank(NDArray x, NDArray a, NDArray b) {
    return Linear.linear(Linear.linear(x, a).head(), b).head();
  }

  /** The update the adapter adds to the weight, {@code scaling · B · A} ({@code [out, in]}). */
  public NDArray delta(NDManager into) {
    NDArray product = exportedB(into).matMul(exportedA(into)); // in B's manager until moved
    product.attach(into);
    return product.mul(scaling);
  }

  /** A as a PEFT adapter holds it: A, or {@code [A; A0]} ({@code [2r, in]}) after FILA. */
  public NDArray exportedA(NDManager into) {
    if (initialA == null) {
      return a;
    }
    NDArray stacked = NDArrays.concat(new NDList(a, initialA), 0);
    stacked.attach(into);
    return stacked;
  }

  /** B as a PEFT adapter holds it: B, or {@code [B, −B0]} ({@code [out, 2r]}) after FILA. */
  public NDArray exportedB(NDManager into) {
    if (initialB == null) {
      return b;
    }
    NDArray negated = initialB.neg();
    negated.attach(into);
    NDArray stacked = NDArrays.concat(new NDList(b, negated), 1);
    stacked.attach(into);
    return stacked;
  }

  /** The exported rank over the trained rank: 2 after FILA, otherwise 1. */
  public int exportedRankFactor() {
    return initialA == null ? 1 : 2;
  }

  public NDArray a() {
    return a;
  }

  public NDArray b() {
    return b;
  }

  /** Frees the factors; the adapter must not be used afterwards. */
  @Override
  public void close() {
    for (NDArray array : new NDArray[] {a, b, initialA, initialB, scaling}) {
      if (array != null) {
        array.close();
      }
    }
  }
}
