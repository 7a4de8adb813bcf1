package dev.lethe.trainer.fila;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.lethe.trainer.ManagedArrays;
import dev.lethe.trainer.loss.LossMath;
import dev.lethe.trainer.model.TokenBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * FILA's importance on a crafted example: a weight whose rows are looked up by input token ({@code
 * logits[t] = W[id_t]}), so a row gets a gradient only from the batches whose inputs use it.
 */
class FisherInformationTest extends ManagedArrays {
  private static final long IGNORE = TokenBatch.IGNORE_INDEX;

  @Test
  void aRowOnlyTheForgetSetUsesOutweighsOneTheRetainSetAlsoUsesAndOneOnlyItUses() {
    NDArray weight = manager.randomNormal(0, 1, new Shape(6, 5), DataType.FLOAT32);
    weight.setRequiresGradient(true);
    FisherInformation fisher = new FisherInformation(List.of(weight.getShape()), manager);
    // Inputs: rows 0 and 1 only in forget, 2 and 3 only in retain, 4 in both, 5 in neither.
    accumulate(fisher, weight, new long[] {0, 1, 4, 0}, true);
    accumulate(fisher, weight, new long[] {2, 3, 4, 2}, false);
    accumulate(fisher, weight, new long[] {1, 0, 1, 4}, true);
    accumulate(fisher, weight, new long[] {3, 4, 2, 3}, false);

    double[] rows = fisher.rowWeights().get(0);

    System.out.printf("row weights %s%n", java.util.Arrays.toString(rows));
    assertThat(Math.min(rows[0], rows[1])).isGreaterThan(rows[4]);
    assertThat(rows[4]).isGreaterThan(0);
    assertThat(List.of(rows[2], rows[3], rows[5])).containsOnly(0.0);
  }

  @Test
  void importanceIsTheTokenWeightedFisherRatio() {
    FisherInformation fisher = new FisherInformation(List.of(new Shape(1, 2)), manager);
    fisher.accumulate(0, manager.create(new float[][] {{1, 2}}), 3, true); // F_f += [3, 12]
    fisher.accumulate(0, manager.create(new float[][] {{2, 0}}), 1, true); // F_f += [4, 0]
    fisher.accumulate(0, manager.create(new float[][] {{1, 1}}), 2, false); // F_r += [2, 2]

    double[] rows = fisher.rowWeights().get(0);

    // I = (F_f / 4) / (1e-5 + F_r / 2) = [7/4, 12/4] / (1 + 1e-5); w = √(ΣI)
    assertThat(rows[0]).isCloseTo(Math.sqrt((7 / 4.0 + 3) / (1 + 1e-5)), within(1e-6));
  }

  private void accumulate(FisherInformation fisher, NDArray weight, long[] inputs, boolean forget) {
    long[] labels = {IGNORE, 1, 3, 0};
    NDArray ids = manager.create(inputs).reshape(1, inputs.length);
    NDArray labelArray = manager.create(labels).reshape(1, labels.length);
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray logits = ids.oneHot(6, DataType.FLOAT32).matMul(weight); // [1, T, 5]
      collector.backward(LossMath.tokenMeanNll(logits, labelArray));
    }
    NDArray gradient = weight.getGradient().duplicate();
    weight.getGradient().subi(weight.getGradient());
    fisher.accumulate(0, gradient, LossMath.predictedTokens(labelArray), forget);
  }

  private static org.assertj.core.data.Offset<Double> within(double value) {
    return org.assertj.core.data.Offset.offset(value);
  }
}
