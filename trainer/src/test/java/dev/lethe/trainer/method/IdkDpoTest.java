package dev.lethe.trainer.method;

import static dev.lethe.trainer.loss.TinyBatches.scalar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.lethe.trainer.data.UnlearningBatch;
import dev.lethe.trainer.loss.LossTerms;
import dev.lethe.trainer.loss.RetainTerm;
import dev.lethe.trainer.loss.TinyBatches;
import dev.lethe.trainer.loss.UnlearningLoss;
import org.junit.jupiter.api.Test;

class IdkDpoTest {
  @Test
  void refusalIsTheWinnerAndTheForgetAnswerTheLoser() {
    try (NDManager manager = NDManager.newBaseManager()) {
      UnlearningBatch batch =
          new UnlearningBatch(TinyBatches.forget(manager), null, TinyBatches.refusal(manager));

      LossTerms terms =
          new IdkDpo(0.5, 1, RetainTerm.NONE).compute(TinyBatches.model(manager), batch);

      // win (refusal): r_w = seqNLL_ref − seqNLL = [ln 3 − ln 2, 2 ln 3 − 2 ln 2]
      // lose (forget): r_l = [3 ln 3 − 5 ln 2, 2 ln 3 − 2 ln 2]
      // margin r_w − r_l = [4 ln 2 − 2 ln 3, 0] = [ln 16/9, 0]
      // (2/β) · mean softplus(−β · margin), β = 0.5: 4 · (ln(1 + 3/4) + ln 2) / 2 = 2 ln 3.5
      assertThat(scalar(terms.forget())).isCloseTo(2 * Math.log(3.5), within(1e-12));
    }
  }

  @Test
  void refusesABatchWithoutRefusals() {
    try (NDManager manager = NDManager.newBaseManager()) {
      UnlearningBatch batch = new UnlearningBatch(TinyBatches.forget(manager), null, null);
      UnlearningLoss loss = new IdkDpo(0.1, 1, RetainTerm.NONE);

      assertThatThrownBy(() -> loss.compute(TinyBatches.model(manager), batch))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("refusal");
    }
  }
}
