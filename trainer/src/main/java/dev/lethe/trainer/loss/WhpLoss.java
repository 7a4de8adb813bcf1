package dev.lethe.trainer.loss;

import ai.djl.ndarray.NDArray;
import dev.lethe.trainer.data.UnlearningBatch;
import dev.lethe.trainer.model.CausalLm;
import dev.lethe.trainer.model.TokenBatch;

/**
 * WHP's last stage (METHODS §1.11 step 3, §1.12 decision 7c): the token-mean NLL of the forget
 * batch towards its generic labels, which replace the original tokens as labels before training;
 * total {@code γ · NLL + α · R(B_r)}, with α = 0 by default.
 *
 * @param forgetWeight γ
 * @param retain α and R
 */
public record WhpLoss(double forgetWeight, RetainTerm retain) implements UnlearningLoss {
  @Override
  public LossTerms compute(CausalLm model, UnlearningBatch batch) {
    TokenBatch forget = batch.forget();
    NDArray nll = LossMath.tokenMeanNll(model.logits(forget), forget.labels());
    return retain.combine(nll, forgetWeight, model, batch.retain());
  }
}
