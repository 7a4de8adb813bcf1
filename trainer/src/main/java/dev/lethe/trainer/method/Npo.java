package dev.lethe.trainer.method;

import ai.djl.ndarray.NDArray;
import dev.lethe.trainer.data.UnlearningBatch;
import dev.lethe.trainer.loss.LossMath;
import dev.lethe.trainer.loss.LossTerms;
import dev.lethe.trainer.loss.RetainTerm;
import dev.lethe.trainer.model.CausalLm;
import dev.lethe.trainer.model.TokenBatch;

/**
 * Negative preference optimisation (docs/methods.md#npo): {@code L_NPO = (2/β) · mean_i softplus(β
 * · r_i)} with {@code r_i = −(seqNLL_θ,i − seqNLL_ref,i)}, summed (not length-normalised) sequence
 * log-probabilities of the forget answers; total {@code γ · L_NPO + α · R(B_r)}. It is DPO without
 * a winner: the margin is {@code −r} (open-unlearning {@code npo.py} via {@code compute_dpo_loss}).
 *
 * @param beta β, the inverse temperature
 * @param forgetWeight γ
 * @param retain α and R
 */
public record Npo(double beta, double forgetWeight, RetainTerm retain) implements Method {
  public Npo {
    if (!(beta > 0)) {
      throw new IllegalArgumentException("NPO's beta must be positive, got " + beta);
    }
  }

  @Override
  public LossTerms compute(CausalLm model, UnlearningBatch batch) {
    TokenBatch forget = batch.forget();
    NDArray logRatio = // [B]
        LossMath.logRatio(model.logits(forget), model.referenceLogits(forget), forget.labels());
    NDArray npo = LossMath.preferenceLoss(logRatio.neg(), beta);
    return retain.combine(npo, forgetWeight, model, batch.retain());
  }
}
