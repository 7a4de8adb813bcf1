package dev.lethe.trainer.method;

import ai.djl.ndarray.NDArray;
import dev.lethe.trainer.data.UnlearningBatch;
import dev.lethe.trainer.loss.LossMath;
import dev.lethe.trainer.loss.LossTerms;
import dev.lethe.trainer.loss.RetainTerm;
import dev.lethe.trainer.model.CausalLm;
import dev.lethe.trainer.model.TokenBatch;

/**
 * Gradient ascent (docs/methods.md#gradient-ascent): {@code L = γ · (−NLL_mean(B_f))}, the negated
 * token-mean NLL of the forget batch. No retain term and no reference model (open-unlearning {@code
 * grad_ascent.py}).
 *
 * @param forgetWeight γ
 */
public record GradientAscent(double forgetWeight) implements Method {
  @Override
  public LossTerms compute(CausalLm model, UnlearningBatch batch) {
    TokenBatch forget = batch.forget();
    NDArray nll = LossMath.tokenMeanNll(model.logits(forget), forget.labels());
    return RetainTerm.NONE.combine(nll.neg(), forgetWeight, model, null);
  }
}
