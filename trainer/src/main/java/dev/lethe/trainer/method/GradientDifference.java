package dev.lethe.trainer.method;

import ai.djl.ndarray.NDArray;
import dev.lethe.trainer.data.UnlearningBatch;
import dev.lethe.trainer.loss.LossMath;
import dev.lethe.trainer.loss.LossTerms;
import dev.lethe.trainer.loss.RetainTerm;
import dev.lethe.trainer.model.CausalLm;
import dev.lethe.trainer.model.TokenBatch;

/**
 * Gradient difference (docs/methods.md#gradient-difference): {@code L = γ · (−NLL_mean(B_f)) + α ·
 * R(B_r)}, gradient ascent on the forget batch plus the retain term (open-unlearning {@code
 * grad_diff.py}).
 *
 * @param forgetWeight γ
 * @param retain α and R
 */
public record GradientDifference(double forgetWeight, RetainTerm retain) implements Method {
  @Override
  public LossTerms compute(CausalLm model, UnlearningBatch batch) {
    TokenBatch forget = batch.forget();
    NDArray nll = LossMath.tokenMeanNll(model.logits(forget), forget.labels());
    return retain.combine(nll.neg(), forgetWeight, model, batch.retain());
  }
}
