package dev.lethe.trainer.method;

import static dev.lethe.trainer.loss.TinyBatches.LN2;
import static dev.lethe.trainer.loss.TinyBatches.LN3;
import static dev.lethe.trainer.loss.TinyBatches.scalar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lethe.contract.RetainLoss;
import dev.lethe.trainer.ManagedArrays;
import dev.lethe.trainer.data.UnlearningBatch;
import dev.lethe.trainer.loss.LossTerms;
import dev.lethe.trainer.loss.RetainTerm;
import dev.lethe.trainer.loss.TinyBatches;
import dev.lethe.trainer.loss.UnlearningLoss;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GradientDifferenceTest extends ManagedArrays {
  private static final double EXACT = 1e-12;
  // −NLL_mean of the forget batch: −(7 ln 2 − ln 3) / 4 = −0.938354 (TinyBatches)
  private static final double FORGET = -(7 * LN2 - LN3) / 4;

  private UnlearningBatch batch;

  @BeforeEach
  void pairBatches() {
    // The refusal batch stands in for a retain batch.
    batch = new UnlearningBatch(TinyBatches.forget(manager), TinyBatches.refusal(manager), null);
  }

  @Test
  void totalIsWeightedForgetAscentPlusWeightedRetainNll() {
    UnlearningLoss loss = new GradientDifference(2, new RetainTerm(RetainLoss.NLL, 0.5));

    LossTerms terms = loss.compute(TinyBatches.model(manager), batch);

    // retain NLL_mean = (ln 2 + ln 2 + ln 2) / 3 = ln 2; total = 2 · (−0.938354) + 0.5 · ln 2
    assertThat(scalar(terms.forget())).isCloseTo(FORGET, within(EXACT));
    assertThat(scalar(terms.retain())).isCloseTo(LN2, within(EXACT));
    assertThat(scalar(terms.total())).isCloseTo(2 * FORGET + 0.5 * LN2, within(EXACT));
  }

  @Test
  void klRetainTermAveragesOverTheRetainBatchsRealPositions() {
    UnlearningLoss loss = new GradientDifference(1, new RetainTerm(RetainLoss.KL, 1));

    LossTerms terms = loss.compute(TinyBatches.model(manager), batch);

    // 6 real positions (ids 8, 9, 12..15); ids 8, 13, 14 have Σ ln p = −5 ln 2, so
    // KL(u ‖ p) = 5 ln 2 / 3 − ln 3 each, the uniform ones 0: (5 ln 2 − 3 ln 3) / 6 = 0.028317
    double kl = (5 * LN2 - 3 * LN3) / 6;
    assertThat(scalar(terms.retain())).isCloseTo(kl, within(EXACT));
    assertThat(scalar(terms.total())).isCloseTo(FORGET + kl, within(EXACT));
  }

  @Test
  void withoutRetainBatchTheTotalIsTheWeightedForgetTerm() {
    UnlearningLoss loss = new GradientDifference(2, new RetainTerm(RetainLoss.NLL, 1));
    UnlearningBatch forgetOnly = new UnlearningBatch(batch.forget(), null, null);

    LossTerms terms = loss.compute(TinyBatches.model(manager), forgetOnly);

    assertThat(terms.retain()).isNull();
    assertThat(scalar(terms.total())).isCloseTo(2 * FORGET, within(EXACT));
  }

  @Test
  void zeroRetainWeightSkipsTheRetainTerm() {
    UnlearningLoss loss = new GradientDifference(1, new RetainTerm(RetainLoss.KL, 0));

    LossTerms terms = loss.compute(TinyBatches.model(manager), batch);

    assertThat(terms.retain()).isNull();
    assertThat(scalar(terms.total())).isCloseTo(FORGET, within(EXACT));
  }
}
