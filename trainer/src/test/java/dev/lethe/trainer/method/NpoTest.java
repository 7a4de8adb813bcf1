package dev.lethe.trainer.method;

import static dev.lethe.trainer.loss.TinyBatches.LN2;
import static dev.lethe.trainer.loss.TinyBatches.LN3;
import static dev.lethe.trainer.loss.TinyBatches.scalar;
import static dev.lethe.trainer.loss.TinyBatches.softplus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.lethe.trainer.ManagedArrays;
import dev.lethe.trainer.data.UnlearningBatch;
import dev.lethe.trainer.loss.LossMath;
import dev.lethe.trainer.loss.LossTerms;
import dev.lethe.trainer.loss.RetainTerm;
import dev.lethe.trainer.loss.TableLm;
import dev.lethe.trainer.loss.TinyBatches;
import dev.lethe.trainer.model.TokenBatch;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NpoTest extends ManagedArrays {
  private static final double EXACT = 1e-12;

  @Test
  void npoLossUsesSummedSequenceLogRatios() {
    UnlearningBatch batch = new UnlearningBatch(TinyBatches.forget(manager), null, null);

    LossTerms terms = new Npo(0.5, 1, RetainTerm.NONE).compute(TinyBatches.model(manager), batch);

    // r = seqNLL_ref − seqNLL = [3 ln 3 − 5 ln 2, ln 3 − (2 ln 2 − ln 3)] = [−0.169899, 0.810930]
    // (2/β) · mean softplus(β r), β = 0.5: 4 · (softplus(−0.084950) + softplus(ln 1.5)) / 2
    //   = 2 · (ln 1.918559 + ln 2.5) = 3.135730
    double[] r = {3 * LN3 - 5 * LN2, 2 * LN3 - 2 * LN2};
    double expected = 4 * (softplus(0.5 * r[0]) + softplus(0.5 * r[1])) / 2;
    assertThat(expected).isCloseTo(3.135730, within(1e-6));
    assertThat(scalar(terms.forget())).isCloseTo(expected, within(EXACT));
    assertThat(scalar(terms.total())).isCloseTo(expected, within(EXACT));
  }

  @Test
  void npoLossEqualsGradientAscentAtInitialisation() {
    double beta = 0.1;
    TokenBatch forget = TinyBatches.forget(manager);
    double[] initial = randomTable(16 * 3);

    TableLm npoModel = TableLm.atInitialisation(manager.create(initial, new Shape(16, 3)));
    double npoValue;
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray loss =
          new Npo(beta, 1, RetainTerm.NONE)
              .compute(npoModel, new UnlearningBatch(forget, null, null))
              .total();
      npoValue = scalar(loss);
      collector.backward(loss);
    }

    TableLm ascentModel = TableLm.atInitialisation(manager.create(initial, new Shape(16, 3)));
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      // Gradient ascent on summed sequence NLL: −mean_i seqNLL_i
      NDArray ascent =
          LossMath.sequenceNll(ascentModel.logits(forget), forget.labels()).mean().neg();
      collector.backward(ascent);
    }

    // r_i = 0, so the loss is (2/β) · softplus(0) = (2/β) ln 2, and each weight 2σ(β r_i) is 1.
    assertThat(npoValue).isCloseTo(2 / beta * LN2, within(EXACT));
    assertThat(npoModel.gradient()).containsExactly(ascentModel.gradient(), within(EXACT));
    assertThat(Arrays.stream(npoModel.gradient()).map(Math::abs).max().orElseThrow())
        .isGreaterThan(0.01);
  }

  private static double[] randomTable(int size) {
    Random random = new Random(11);
    double[] values = new double[size];
    for (int i = 0; i < size; i++) {
      values[i] = random.nextGaussian();
    }
    return values;
  }
}
