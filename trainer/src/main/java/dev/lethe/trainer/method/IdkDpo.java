package dev.lethe.trainer.method;

import ai.djl.ndarray.NDArray;
import dev.lethe.contract.DataConfig;
import dev.lethe.trainer.data.JsonlFile;
import dev.lethe.trainer.data.UnlearningBatch;
import dev.lethe.trainer.data.UnlearningData;
import dev.lethe.trainer.loss.LossMath;
import dev.lethe.trainer.loss.LossTerms;
import dev.lethe.trainer.loss.RetainTerm;
import dev.lethe.trainer.model.CausalLm;
import dev.lethe.trainer.model.TokenBatch;
import java.nio.file.Path;

/**
 * IdkDPO (docs/methods.md#idkdpo): DPO with a refusal as the winner and the true forget answer as
 * the loser, {@code L_DPO = (2/β) · mean_i[ −log σ(β · (r_win,i − r_lose,i)) ]}, where each r is a
 * summed sequence log-ratio to the reference model; total {@code γ · L_DPO + α · R(B_r)}
 * (open-unlearning {@code dpo.py} and {@code compute_dpo_loss}).
 *
 * @param beta β, the inverse temperature
 * @param forgetWeight γ
 * @param retain α and R
 */
public record IdkDpo(double beta, double forgetWeight, RetainTerm retain) implements Method {
  public IdkDpo {
    if (!(beta > 0)) {
      throw new IllegalArgumentException("IdkDPO's beta must be positive, got " + beta);
    }
  }

  /** The refusal answers: the job's file, or the bundled list when the job names none. */
  @Override
  public UnlearningData withInputs(UnlearningData data, DataConfig config) {
    return data.withRefusals(
        config.refusals() == null
            ? UnlearningData.bundledRefusals()
            : JsonlFile.readStrings(Path.of(config.refusals())));
  }

  @Override
  public LossTerms compute(CausalLm model, UnlearningBatch batch) {
    TokenBatch lose = batch.forget();
    TokenBatch win = batch.refusal();
    if (win == null || win.batchSize() != lose.batchSize()) {
      throw new IllegalArgumentException(
          "IdkDPO needs a refusal batch of the forget batch's size " + lose.batchSize());
    }
    NDArray margin = logRatio(model, win).sub(logRatio(model, lose)); // [B]
    NDArray dpo = LossMath.preferenceLoss(margin, beta);
    return retain.combine(dpo, forgetWeight, model, batch.retain());
  }

  private static NDArray logRatio(CausalLm model, TokenBatch batch) {
    return LossMath.logRatio(model.logits(batch), model.referenceLogits(batch), batch.labels());
  }
}
