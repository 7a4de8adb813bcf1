package dev.lethe.trainer.loss;

import ai.djl.ndarray.NDArray;
import dev.lethe.trainer.data.UnlearningBatch;
import dev.lethe.trainer.model.CausalLm;
import dev.lethe.trainer.model.TokenBatch;

/**
 * LoKU's inverted hinge loss (METHODS §1.9): {@code L_IHL = mean_t [1 + p(y_t) − max_{v ≠ y_t}
 * p(v)]} over the answer tokens of the forget batch; total {@code γ · L_IHL + α · R(B_r)} (LoKU
 * {@code TOFU/dataloader.py}, {@code loss_type == "IHL"}, weights 1 and 1 with NLL retain).
 *
 * @param forgetWeight γ
 * @param retain α and R
 */
public record IhlLoss(double forgetWeight, RetainTerm retain) implements UnlearningLoss {
  @Override
  public LossTerms compute(CausalLm model, UnlearningBatch batch) {
    TokenBatch forget = batch.forget();
    NDArray hinge = LossMath.invertedHinge(model.logits(forget), forget.labels());
    return retain.combine(hinge, forgetWeight, model, batch.retain());
  }
}
