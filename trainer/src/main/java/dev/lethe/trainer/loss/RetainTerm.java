package dev.lethe.trainer.loss;

import ai.djl.ndarray.NDArray;
import dev.lethe.contract.MethodConfig;
import dev.lethe.contract.RetainLoss;
import dev.lethe.trainer.model.CausalLm;
import dev.lethe.trainer.model.TokenBatch;

/**
 * The retain term {@code α · R(B_r)} that every method but gradient ascent adds to its forget term,
 * and the one place where the two are combined: {@code total = γ · forget + α · R(B_r)}
 * (docs/methods.md#total-loss).
 *
 * <p>{@code R} is the token-mean NLL of the retain batch (docs/methods.md#token-mean-nll) or {@code
 * KL(p_ref ‖ p_θ)} over its non-padding positions (docs/methods.md#kl-retain-term, #kl-positions).
 *
 * @param loss which retain loss; null when the method has none
 * @param weight α, the retain term's weight
 */
public record RetainTerm(RetainLoss loss, double weight) {
  /** No retain term (gradient ascent). */
  public static final RetainTerm NONE = new RetainTerm(null, 0);

  public RetainTerm {
    if (loss == null && weight != 0) {
      throw new IllegalArgumentException("a retain weight needs a retain loss, got " + weight);
    }
  }

  /** The retain term a resolved method asks for. */
  public static RetainTerm of(MethodConfig method) {
    return method.retainLoss() == null
        ? NONE
        : new RetainTerm(method.retainLoss(), method.retainWeight());
  }

  /**
   * {@code R(B_r)}, unweighted.
   *
   * @return a scalar; null when the term is off (no loss, weight 0) or there is no retain batch
   */
  public NDArray compute(CausalLm model, TokenBatch retain) {
    if (loss == null || weight == 0 || retain == null) {
      return null;
    }
    NDArray logits = model.logits(retain); // [B, T, V]
    return switch (loss) {
      case NLL -> LossMath.tokenMeanNll(logits, retain.labels());
      case KL ->
          LossMath.klToReference(logits, model.referenceLogits(retain), retain.attentionMask());
    };
  }

  /**
   * Adds this retain term to a method's forget term.
   *
   * @param forget the forget term, a scalar
   * @param forgetWeight γ, the forget term's weight
   * @param retainBatch the retain batch; null when the job has none
   */
  public LossTerms combine(
      NDArray forget, double forgetWeight, CausalLm model, TokenBatch retainBatch) {
    NDArray retain = compute(model, retainBatch);
    NDArray total = forget.mul(LossMath.constant(forget, forgetWeight));
    if (retain != null) {
      total = total.add(retain.mul(LossMath.constant(retain, weight)));
    }
    return new LossTerms(total, forget, retain);
  }
}
