package dev.lethe.trainer.method;

import static dev.lethe.trainer.loss.TinyBatches.LN2;
import static dev.lethe.trainer.loss.TinyBatches.scalar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.lethe.contract.RetainLoss;
import dev.lethe.trainer.data.UnlearningBatch;
import dev.lethe.trainer.loss.LossTerms;
import dev.lethe.trainer.loss.RetainTerm;
import dev.lethe.trainer.loss.TinyBatches;
import dev.lethe.trainer.loss.UnlearningLoss;
import org.junit.jupiter.api.Test;

class IhlTest {
  @Test
  void totalIsTheTokenMeanInvertedHingePlusRetainNll() {
    try (NDManager manager = NDManager.newBaseManager()) {
      UnlearningBatch batch =
          new UnlearningBatch(TinyBatches.forget(manager), TinyBatches.refusal(manager), null);
      UnlearningLoss loss = new Ihl(1, new RetainTerm(RetainLoss.NLL, 1));

      LossTerms terms = loss.compute(TinyBatches.model(manager), batch);

      // forget: (1.25 + 0.75 + 0.75 + 1.625) / 4 = 1.09375 (TinyBatches);
      // retain (the refusal batch): NLL_mean = ln 2; total = 1.09375 + ln 2 = 1.786897
      assertThat(scalar(terms.forget())).isCloseTo(1.09375, within(1e-12));
      assertThat(scalar(terms.retain())).isCloseTo(LN2, within(1e-12));
      assertThat(scalar(terms.total())).isCloseTo(1.09375 + LN2, within(1e-12));
    }
  }
}
