package dev.lethe.trainer.fila;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lethe.contract.InvalidConfigException;
import dev.lethe.contract.LoraConfig;
import dev.lethe.trainer.data.UnlearningData;
import dev.lethe.trainer.lora.Lora;
import dev.lethe.trainer.lora.LoraAdapter;
import dev.lethe.trainer.model.LlamaModel;
import dev.lethe.trainer.model.Projection;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * LoKU's Fisher-initialised LoRA (FILA; Cha et al., ICLR 2025; docs/methods.md#fila): the adapter
 * of each target starts at the row-weighted rank-r approximation of its weight, weighted towards
 * the rows that matter for the forget set and not for the retain set, so that training concentrates
 * there; the model's function is unchanged at the start ({@link LoraAdapter}).
 */
public final class Fila {
  /** LoKU's guard against dividing by a zero row weight. */
  private static final double EPSILON = 1e-5;

  private Fila() {}

  /**
   * Measures the Fisher information on the job's data and attaches a FILA adapter to every target.
   *
   * @return the trainable arrays (A and B of each adapter), in a fixed order
   */
  public static List<NDArray> attach(
      LlamaModel model, LoraConfig config, UnlearningData data, int batchSize, long seed) {
    List<Projection> targets = Lora.targets(model, config);
    for (Projection p : targets) {
      long smallest = Math.min(p.weight().getShape().get(0), p.weight().getShape().get(1));
      if (config.rank() > smallest) {
        throw new InvalidConfigException(
            "lora.rank "
                + config.rank()
                + " is above "
                + smallest
                + ", the smaller side of "
                + p.name()
                + ": FILA starts from a rank-r decomposition of each weight");
      }
    }
    List<double[]> rowWeights =
        FisherInformation.measureRowWeights(model, targets, data, batchSize, seed);
    List<NDArray> trainable = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      Projection p = targets.get(i);
      LoraAdapter adapter =
          startingAdapter(p, rowWeights.get(i), config, seed ^ p.name().hashCode());
      p.setAdapter(adapter);
      trainable.add(adapter.a());
      trainable.add(adapter.b());
    }
    return trainable;
  }

  /**
   * Steps 4 and 5 of docs/methods.md#fila: {@code U, S, V = svd_lowrank(diag(w)·W, q = r)}, {@code
   * S ← S / s}, {@code A0 = (V·√S)ᵀ}, {@code B0 = diag(1 / (w + 1e-5))·U·√S}, in fp32 as LoKU
   * computes them.
   */
  static LoraAdapter startingAdapter(
      Projection p, double[] rowWeights, LoraConfig config, long seed) {
    NDArray weight = p.weight(); // [out, in]
    int rank = config.rank();
    RandomizedSvd.Result svd;
    try (NDManager scratch = weight.getManager().newSubManager()) {
      NDArray rows = scratch.create(toFloats(rowWeights), new Shape(rowWeights.length, 1));
      svd = RandomizedSvd.of(rows.mul(weight), rank, RandomizedSvd.POWER_ITERATIONS, seed);
    }
    double[] root = new double[rank];
    for (int k = 0; k < rank; k++) {
      root[k] = Math.sqrt(svd.s()[k] / config.scaling());
    }
    DMatrixRMaj u = svd.u();
    DMatrixRMaj v = svd.v();
    float[] a = new float[rank * v.numRows]; // [r, in]
    for (int k = 0; k < rank; k++) {
      for (int j = 0; j < v.numRows; j++) {
        a[k * v.numRows + j] = (float) (v.get(j, k) * root[k]);
      }
    }
    float[] b = new float[u.numRows * rank]; // [out, r]
    for (int i = 0; i < u.numRows; i++) {
      for (int k = 0; k < rank; k++) {
        b[i * rank + k] = (float) (u.get(i, k) * root[k] / (rowWeights[i] + EPSILON));
      }
    }
    NDManager owner = weight.getManager();
    DataType type = weight.getDataType();
    return LoraAdapter.startingAt(
        owner.create(a, new Shape(rank, v.numRows)).toType(type, false),
        owner.create(b, new Shape(u.numRows, rank)).toType(type, false),
        config.scaling(),
        (float) config.dropout());
  }

  private static float[] toFloats(double[] values) {
    float[] floats = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      floats[i] = (float) values[i];
    }
    return floats;
  }
}
