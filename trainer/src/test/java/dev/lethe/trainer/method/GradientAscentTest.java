package dev.lethe.trainer.method;

import static dev.lethe.trainer.loss.TinyBatches.LN2;
import static dev.lethe.trainer.loss.TinyBatches.LN3;
import static dev.lethe.trainer.loss.TinyBatches.scalar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.lethe.trainer.data.UnlearningBatch;
import dev.lethe.trainer.loss.LossTerms;
import dev.lethe.trainer.loss.TinyBatches;
import org.junit.jupiter.api.Test;

class GradientAscentTest {
  @Test
  void forgetTermIsTheNegatedTokenMeanNllAndThereIsNoRetainTerm() {
    try (NDManager manager = NDManager.newBaseManager()) {
      UnlearningBatch batch =
          new UnlearningBatch(TinyBatches.forget(manager), TinyBatches.refusal(manager), null);

      LossTerms terms = new GradientAscent(2).compute(TinyBatches.model(manager), batch);

      // forget = −(7 ln 2 − ln 3) / 4 = −0.938354 (TinyBatches); total = γ · forget, γ = 2
      double forget = -(7 * LN2 - LN3) / 4;
      assertThat(scalar(terms.forget())).isCloseTo(forget, within(1e-12));
      assertThat(scalar(terms.total())).isCloseTo(2 * forget, within(1e-12));
      assertThat(terms.retain()).isNull();
    }
  }
}
