package dev.lethe.trainer.loss;

import ai.djl.ndarray.NDArray;
import dev.lethe.trainer.data.UnlearningBatch;
import dev.lethe.trainer.model.CausalLm;
import dev.lethe.trainer.model.TokenBatch;

/**
 * Gradient ascent (METHODS §1.1): {@code L = γ · (−NLL_mean(B_f))}, the negated token-mean NLL of
 * the forget batch. No retain term and no reference model (open-unlearning {@code grad_ascent.py}).
 *
 * @param forgetWeight γ
 */
public record GradientAscentLoss(double forgetWeight) implements UnlearningLoss {
  @Override
  public LossTerms compute(CausalLm model, UnlearningBatch batch) {
    TokenBatch forget = batch.forget();
    NDArray nll = LossMath.tokenMeanNll(model.logits(forget), forget.labels());
    return RetainTerm.NONE.combine(nll.neg(), forgetWeight, model, null);
  }
}
