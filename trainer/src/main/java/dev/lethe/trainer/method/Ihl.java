package dev.lethe.trainer.method;

import ai.djl.ndarray.NDArray;
import dev.lethe.trainer.data.UnlearningBatch;
import dev.lethe.trainer.loss.LossMath;
import dev.lethe.trainer.loss.LossTerms;
import dev.lethe.trainer.loss.RetainTerm;
import dev.lethe.trainer.model.CausalLm;
import dev.lethe.trainer.model.TokenBatch;

/**
 * LoKU's inverted hinge loss (docs/methods.md#ihl): {@code L_IHL = mean_t [1 + p(y_t) − max_{v ≠
 * y_t} p(v)]} over the answer tokens of the forget batch; total {@code γ · L_IHL + α · R(B_r)}
 * (LoKU {@code TOFU/dataloader.py}, {@code loss_type == "IHL"}, weights 1 and 1 with NLL retain).
 *
 * @param forgetWeight γ
 * @param retain α and R
 */
public record Ihl(double forgetWeight, RetainTerm retain) implements Method {
  @Override
  public LossTerms compute(CausalLm model, UnlearningBatch batch) {
    TokenBatch forget = batch.forget();
    NDArray hinge = LossMath.invertedHinge(model.logits(forget), forget.labels());
    return retain.combine(hinge, forgetWeight, model, batch.retain());
  }
}
