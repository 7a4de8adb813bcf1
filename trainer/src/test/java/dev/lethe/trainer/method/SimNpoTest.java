package dev.lethe.trainer.method;

import static dev.lethe.trainer.loss.TinyBatches.IGNORE;
import static dev.lethe.trainer.loss.TinyBatches.LN2;
import static dev.lethe.trainer.loss.TinyBatches.LN3;
import static dev.lethe.trainer.loss.TinyBatches.scalar;
import static dev.lethe.trainer.loss.TinyBatches.softplus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lethe.trainer.ManagedArrays;
import dev.lethe.trainer.data.UnlearningBatch;
import dev.lethe.trainer.loss.LossTerms;
import dev.lethe.trainer.loss.RetainTerm;
import dev.lethe.trainer.loss.TableLm;
import dev.lethe.trainer.loss.TinyBatches;
import dev.lethe.trainer.loss.UnlearningLoss;
import dev.lethe.trainer.model.CausalLm;
import dev.lethe.trainer.model.TokenBatch;
import org.junit.jupiter.api.Test;

class SimNpoTest extends ManagedArrays {
  private static final double EXACT = 1e-12;

  @Test
  void simNpoLossUsesLengthNormalisedNllAndTheMarginInsideBeta() {
    UnlearningBatch batch = new UnlearningBatch(TinyBatches.forget(manager), null, null);

    LossTerms terms =
        new SimNpo(2, 0.5, 1, RetainTerm.NONE).compute(TinyBatches.model(manager), batch);

    // ℓ = seqNLL / |A| = [5 ln 2 / 3, (2 ln 2 − ln 3) / 1] = [1.155245, 0.287682]
    // (2/β) · mean[−log σ(β (ℓ − δ))] = (2/β) · mean softplus(−β (ℓ − δ)), β = 2, δ = 0.5:
    //   1 · (softplus(−1.310491) + softplus(0.424636)) / 2 = (0.238763 + 0.927845) / 2 = 0.583304
    // (without the length normalisation it would be 0.465244)
    double[] meanNll = {5 * LN2 / 3, 2 * LN2 - LN3};
    double expected = (softplus(-2 * (meanNll[0] - 0.5)) + softplus(-2 * (meanNll[1] - 0.5))) / 2;
    assertThat(expected).isCloseTo(0.583304, within(1e-6));
    assertThat(scalar(terms.forget())).isCloseTo(expected, within(EXACT));
  }

  @Test
  void simNpoNormalisesByAnswerLengthAndNpoDoesNot() {
    // Every position predicts token 1 with p = 1/2 (weights 1, 2, 1); the reference is uniform.
    NDArray table = manager.create(new double[] {0, LN2, 0}, new Shape(1, 3));
    TableLm model = new TableLm(table, manager.zeros(new Shape(1, 3), DataType.FLOAT64));
    long[][] ids = {{0, 0, 0, 0}};
    long[][] attention = {{1, 1, 1, 1}};
    TokenBatch oneToken =
        TinyBatches.batch(manager, ids, attention, new long[][] {{IGNORE, 1, IGNORE, IGNORE}});
    TokenBatch threeTokens =
        TinyBatches.batch(manager, ids, attention, new long[][] {{IGNORE, 1, 1, 1}});

    // SimNPO sees ℓ = ln 2 for both answers; NPO sees r = ln 3 − ln 2 against 3 (ln 3 − ln 2).
    UnlearningLoss simNpo = new SimNpo(2, 0, 1, RetainTerm.NONE);
    UnlearningLoss npo = new Npo(2, 1, RetainTerm.NONE);
    double simNpoOne = forget(simNpo, model, oneToken);
    double simNpoThree = forget(simNpo, model, threeTokens);

    assertThat(simNpoOne).isCloseTo(softplus(-2 * LN2), within(EXACT));
    assertThat(simNpoThree).isCloseTo(simNpoOne, within(EXACT));
    assertThat(forget(npo, model, oneToken)).isCloseTo(softplus(2 * (LN3 - LN2)), within(EXACT));
    assertThat(forget(npo, model, threeTokens)).isCloseTo(softplus(6 * (LN3 - LN2)), within(EXACT));
  }

  private static double forget(UnlearningLoss loss, CausalLm model, TokenBatch forget) {
    return scalar(loss.compute(model, new UnlearningBatch(forget, null, null)).forget());
  }
}
