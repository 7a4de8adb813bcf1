package dev.lethe.trainer.fila;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.lethe.trainer.data.Pairing;
import dev.lethe.trainer.data.Pairing.Pair;
import dev.lethe.trainer.data.UnlearningBatch;
import dev.lethe.trainer.data.UnlearningData;
import dev.lethe.trainer.loss.LossMath;
import dev.lethe.trainer.model.ForwardMode;
import dev.lethe.trainer.model.LlamaModel;
import dev.lethe.trainer.model.Projection;
import dev.lethe.trainer.model.TokenBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * LoKU's empirical Fisher information of weight matrices on the forget and the retain set, and the
 * row weights FILA derives from it (docs/methods.md#fila, steps 1–3; LoKU {@code
 * measure_importance.py}, {@code forget.py}).
 *
 * <p>Per batch, {@code F[W] += (∂NLL_mean/∂W)² · n}, with n the batch's predicted tokens; then
 * {@code I = (F_f / n_f) / (1e-5 + F_r / n_r)} elementwise and {@code w_row = √(Σ_j I[:, j])}.
 *
 * <p>Memory: two fp32 accumulators per weight (forget and retain), plus the gradient of one weight
 * at a time (see {@link GradientProbe}); the row weights are computed in place in the accumulators,
 * which are then freed.
 */
public final class FisherInformation implements AutoCloseable {
  private static final double EPSILON = 1e-5;

  private final NDManager manager;
  private final List<NDArray> forget = new ArrayList<>();
  private final List<NDArray> retain = new ArrayList<>();
  private long forgetTokens;
  private long retainTokens;

  /** Empty accumulators for weights of these shapes, {@code [out, in]} each. */
  public FisherInformation(List<Shape> shapes, NDManager parent) {
    manager = parent.newSubManager();
    for (Shape shape : shapes) {
      forget.add(manager.zeros(shape, DataType.FLOAT32));
      retain.add(manager.zeros(shape, DataType.FLOAT32));
    }
  }

  /**
   * One pass over the forget set, each batch with a random retain batch (LoKU's {@code
   * TextForgetDatasetQA}; docs/methods.md#pairing), accumulating the Fisher information of the
   * targets' weights on the model without adapters.
   *
   * @return the row weights of each target, {@code [out]} each
   */
  public static List<double[]> measureRowWeights(
      LlamaModel model, List<Projection> targets, UnlearningData data, int batchSize, long seed) {
    List<GradientProbe> probes = new ArrayList<>();
    try (FisherInformation fisher =
        new FisherInformation(
            targets.stream().map(p -> p.weight().getShape()).toList(), model.manager())) {
      for (Projection p : targets) {
        GradientProbe probe = new GradientProbe();
        p.setProbe(probe);
        probes.add(probe);
      }
      for (List<Pair> pairs :
          Pairing.epoch(seed, 0, data.forget().size(), data.retain().size(), batchSize)) {
        try (NDManager micro = model.manager().newSubManager()) {
          UnlearningBatch batch = data.batch(pairs, micro);
          fisher.add(model, probes, batch.forget(), true);
          fisher.add(model, probes, batch.retain(), false);
        }
      }
      return fisher.rowWeights();
    } finally {
      targets.forEach(p -> p.setProbe(null));
    }
  }

  private void add(
      LlamaModel model, List<GradientProbe> probes, TokenBatch batch, boolean isForget) {
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray logits = model.logits(batch.inputIds(), batch.attentionMask(), ForwardMode.REFERENCE);
      collector.backward(LossMath.tokenMeanNll(logits, batch.labels()));
    }
    long tokens = LossMath.predictedTokens(batch.labels());
    for (int i = 0; i < probes.size(); i++) {
      try (NDArray gradient = probes.get(i).weightGradient()) {
        accumulate(i, gradient, tokens, isForget);
      }
    }
  }

  /**
   * Adds one batch's gradient of weight {@code index}: {@code F += g² · tokens}. Squares {@code
   * gradient} in place.
   *
   * @param gradient {@code ∂NLL_mean/∂W} of the batch, {@code [out, in]}
   * @param tokens the batch's predicted tokens, what NLL_mean averages over
   */
  public void accumulate(int index, NDArray gradient, long tokens, boolean isForget) {
    try (NDArray count = LossMath.constant(gradient, tokens)) {
      NDArray weighted = gradient.muli(gradient).muli(count);
      (isForget ? forget : retain).get(index).addi(weighted);
    }
    if (isForget) {
      forgetTokens += tokens;
    } else {
      retainTokens += tokens;
    }
  }

  /**
   * {@code w_row = √(Σ_j I[:, j])} of every weight, computed in place: the accumulators are spent.
   *
   * @return {@code [out]} per weight
   */
  public List<double[]> rowWeights() {
    if (forgetTokens == 0 || retainTokens == 0) {
      throw new IllegalStateException(
          "FILA needs gradients of both sets, got "
              + forgetTokens
              + " forget and "
              + retainTokens
              + " retain tokens");
    }
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < forget.size(); i++) {
      NDArray f = forget.get(i).divi(LossMath.constant(forget.get(i), forgetTokens));
      NDArray r = retain.get(i);
      r.divi(LossMath.constant(r, retainTokens)).addi(LossMath.constant(r, EPSILON));
      try (NDArray rowSums = f.divi(r).sum(new int[] {1});
          NDArray root = rowSums.sqrt();
          NDArray wide = root.toType(DataType.FLOAT64, false)) {
        rows.add(wide.toDoubleArray());
      }
    }
    return rows;
  }

  @Override
  public void close() {
    manager.close();
  }
}
