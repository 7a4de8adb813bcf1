package dev.lethe.trainer.method;

import ai.djl.ndarray.NDArray;
import dev.lethe.trainer.data.UnlearningBatch;
import dev.lethe.trainer.loss.LossMath;
import dev.lethe.trainer.loss.LossTerms;
import dev.lethe.trainer.loss.RetainTerm;
import dev.lethe.trainer.model.CausalLm;
import dev.lethe.trainer.model.TokenBatch;

/**
 * SimNPO (docs/methods.md#simnpo), in the reference code's form: {@code L_f = (2/β) · mean_i[ −log
 * σ(β · (ℓ_i − δ)) ]} with {@code ℓ_i = seqNLL_θ,i / |A_i|}, the length-normalised NLL of each
 * forget answer; no reference model; total {@code γ · L_f + α · R(B_r)}. The margin is {@code δ}
 * inside the β product, so the paper's γ equals {@code β·δ} (docs/methods.md#simnpo-margin;
 * Unlearn-Simple {@code TOFU/dataloader.py}, open-unlearning {@code simnpo.py}).
 *
 * @param beta β, the inverse temperature
 * @param delta δ, the margin
 * @param forgetWeight γ (the reference configs' {@code npo_coeff})
 * @param retain α and R
 */
public record SimNpo(double beta, double delta, double forgetWeight, RetainTerm retain)
    implements Method {
  public SimNpo {
    if (!(beta > 0)) {
      throw new IllegalArgumentException("SimNPO's beta must be positive, got " + beta);
    }
  }

  @Override
  public LossTerms compute(CausalLm model, UnlearningBatch batch) {
    TokenBatch forget = batch.forget();
    NDArray sequenceNll = LossMath.sequenceNll(model.logits(forget), forget.labels()); // [B]
    NDArray lengths = // [B]
        LossMath.answerLengths(forget.labels()).toType(sequenceNll.getDataType(), false);
    NDArray meanNll = sequenceNll.div(lengths); // ℓ_i: [B]
    NDArray margin = meanNll.sub(LossMath.constant(meanNll, delta)); // [B]
    NDArray simNpo = LossMath.preferenceLoss(margin, beta);
    return retain.combine(simNpo, forgetWeight, model, batch.retain());
  }
}
