package dev.lethe.trainer.loss;

import ai.djl.ndarray.NDArray;
import dev.lethe.trainer.data.UnlearningBatch;
import dev.lethe.trainer.model.CausalLm;

/**
 * Plain training towards the forget batch's targets: {@code NLL_mean(B)}
 * (docs/methods.md#token-mean-nll). What full fine-tuning uses to make the models that tests,
 * benchmarks and the demo unlearn from.
 */
public record NllLoss() implements UnlearningLoss {
  @Override
  public LossTerms compute(CausalLm model, UnlearningBatch batch) {
    NDArray nll = LossMath.tokenMeanNll(model.logits(batch.forget()), batch.forget().labels());
    return new LossTerms(nll, nll, null);
  }
}
