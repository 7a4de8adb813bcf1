package dev.lethe.trainer.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import java.util.SplittableRandom;

/**
 * A LoRA update {@code (alpha / r) · B · A · x} beside a frozen linear layer (Hu et al. 2021; PEFT
 * {@code lora/layer.py}). Only A and B are trained.
 */
public final class LoraAdapter {
  private final NDArray a; // [r, in]
  private final NDArray b; // [out, r]
  private final NDArray scaling; // [] alpha / r, an array so no Java scalar enters the graph
  private final float dropout;

  public LoraAdapter(NDArray a, NDArray b, double scaling, float dropout) {
    this.a = a;
    this.b = b;
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

  /** The update for input {@code x}: {@code [..., in] -> [..., out]}. */
  public NDArray apply(NDArray x, boolean training) {
    NDArray input = training && dropout > 0 ? Dropout.dropout(x, dropout, true).head() : x;
    return Linear.linear(Linear.linear(input, a).head(), b).head().mul(scaling);
  }

  /** The update the adapter adds to the weight, {@code scaling · B · A} ({@code [out, in]}). */
  public NDArray delta(NDManager into) {
    NDArray product = b.matMul(a); // in B's long-lived manager until moved
    product.attach(into);
    return product.mul(scaling);
  }

  public NDArray a() {
    return a;
  }

  public NDArray b() {
    return b;
  }
}
