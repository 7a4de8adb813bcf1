package dev.lethe.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import dev.lethe.trainer.model.TokenBatch;

/**
 * The loss math every unlearning method is built from: pure functions over DJL arrays, each one a
 * formula of {@code docs/methods.md}.
 *
 * <p>Conventions (docs/methods.md#conventions): logits are {@code [B, T, V]}; labels are unshifted
 * {@code [B, T]} int64, so the logits at position t are scored against {@code labels[t + 1]}, and
 * positions whose label is {@link TokenBatch#IGNORE_INDEX} take no loss.
 *
 * <p>Two DJL rules hold throughout (docs/djl.md#scalars-and-garbage-collection,
 * docs/djl.md#memory-who-owns-an-array). No scalar overloads ({@code mul(Number)}, {@code
 * add(Number)}, ...): they back the number with Java memory and free it, so a garbage collection
 * between forward and backward corrupts the gradients; constants are arrays in the inputs' manager
 * ({@link #constant}). And the activation is always the first operand, so results live in the
 * inputs' manager. Every function keeps the logits' data type.
 */
public final class LossMath {
  private LossMath() {}

  /**
   * Token-mean negative log-likelihood over the whole micro-batch, what Hugging Face's {@code
   * model(**inputs).loss} returns: the sum of the NLL of every unmasked token divided by their
   * count (docs/methods.md#token-mean-nll). Not a mean of per-sequence means.
   *
   * @return a scalar
   */
  public static NDArray tokenMeanNll(NDArray logits, NDArray labels) {
    Shifted shifted = Shifted.of(logits, labels);
    // [B, T-1] -> scalar
    return shifted.tokenNll().sum().div(shifted.mask().sum());
  }

  /**
   * Summed negative log-likelihood of each sequence's answer tokens, so that {@code log π(y_i|x_i)
   * = −seqNLL_i} is a summed, not length-normalised, log-probability
   * (docs/methods.md#sequence-nll).
   *
   * @return {@code [B]}
   */
  public static NDArray sequenceNll(NDArray logits, NDArray labels) {
    // [B, T-1] -> [B]
    return Shifted.of(logits, labels).tokenNll().sum(new int[] {1});
  }

  /**
   * The number of answer tokens of each sequence, SimNPO's {@code |A_i|}: the labels that are not
   * {@link TokenBatch#IGNORE_INDEX}, counted on the <em>unshifted</em> labels as the reference code
   * does ({@code loss_mask.sum(-1)}, docs/methods.md#sequence-nll).
   *
   * @return {@code [B]}, int64
   */
  public static NDArray answerLengths(NDArray labels) {
    // [B, T] -> [B]
    return labels.neq(ignoreIndex(labels)).toType(DataType.INT64, false).sum(new int[] {1});
  }

  /**
   * The tokens a batch is scored on, the count {@link #tokenMeanNll} averages over: the labels
   * after the first that are not {@link TokenBatch#IGNORE_INDEX}.
   */
  public static long predictedTokens(NDArray labels) {
    try (NDArray taken = labels.get(new NDIndex(":, 1:")).neq(ignoreIndex(labels));
        NDArray count = taken.toType(DataType.INT64, false).sum()) {
      return count.getLong();
    }
  }

  /**
   * The log-ratio of each sequence under the trained and the reference model, {@code r_i = log
   * π_θ(y_i|x_i) − log π_ref(y_i|x_i) = −(seqNLL_θ,i − seqNLL_ref,i)} (docs/methods.md#npo), with
   * summed sequence log-probabilities.
   *
   * @return {@code [B]}
   */
  public static NDArray logRatio(NDArray logits, NDArray referenceLogits, NDArray labels) {
    // [B] - [B] -> [B]
    return sequenceNll(referenceLogits, labels).sub(sequenceNll(logits, labels));
  }

  /**
   * The preference loss NPO, SimNPO and DPO share (docs/methods.md#npo, #simnpo, #idkdpo): {@code
   * (2/β) · mean_i[ −log σ(β · m_i) ]}, where the margin m is {@code −r} for NPO, {@code ℓ − δ} for
   * SimNPO and the winner's minus the loser's log-ratio for DPO. The {@code 2/β} factor is the one
   * of open-unlearning, NPO and SimNPO (docs/methods.md#idkdpo).
   *
   * @param margin {@code [B]}
   * @return a scalar
   */
  public static NDArray preferenceLoss(NDArray margin, double beta) {
    // [B] -> [B] -> scalar
    NDArray perSequence = logSigmoid(margin.mul(constant(margin, beta))).neg();
    return perSequence.mean().mul(constant(margin, 2 / beta));
  }

  /**
   * {@code KL(p_ref ‖ p_θ)} summed over the vocabulary and averaged over every non-padding
   * position, prompt and answer alike (docs/methods.md#kl-retain-term, with
   * docs/methods.md#kl-positions: the reference code also counts padding, which makes the value
   * depend on how a batch was padded).
   *
   * @param logits {@code [B, T, V]}
   * @param referenceLogits {@code [B, T, V]}, detached
   * @param attentionMask {@code [B, T]}, 1 for real tokens and 0 for padding
   * @return a scalar
   */
  public static NDArray klToReference(
      NDArray logits, NDArray referenceLogits, NDArray attentionMask) {
    NDArray logProbs = logits.logSoftmax(-1); // [B, T, V]
    NDArray referenceLogProbs = referenceLogits.logSoftmax(-1); // [B, T, V]
    // Σ_v p_ref (log p_ref − log p_θ): [B, T, V] -> [B, T]
    NDArray perPosition =
        logProbs.neg().add(referenceLogProbs).mul(referenceLogProbs.exp()).sum(new int[] {-1});
    NDArray mask = attentionMask.toType(logits.getDataType(), false); // [B, T]
    return perPosition.mul(mask).sum().div(mask.sum());
  }

  /**
   * LoKU's inverted hinge loss (docs/methods.md#ihl): per answer token {@code h_t = 1 + p(y_t) −
   * max_{v ≠ y_t} p(v)} on softmax probabilities, then a token-mean over the micro-batch. The
   * reference code clamps {@code h_t} at 0, which never activates because probabilities lie in [0,
   * 1], so there is no clamp here.
   *
   * @return a scalar
   */
  public static NDArray invertedHinge(NDArray logits, NDArray labels) {
    Shifted shifted = Shifted.of(logits, labels);
    NDArray probs = shifted.logits().softmax(-1); // [B, T-1, V]
    NDArray target = shifted.targets().expandDims(2); // [B, T-1, 1]
    NDArray targetProb = probs.gather(target, 2).squeeze(2); // [B, T-1]
    int vocab = (int) probs.getShape().get(2);
    NDArray isTarget = shifted.targets().oneHot(vocab, probs.getDataType()); // [B, T-1, V]
    // Zeroing the target leaves the other probabilities; all are ≥ 0, so the max is theirs.
    NDArray otherMax = probs.mul(constant(probs, 1).sub(isTarget)).max(new int[] {2}); // [B, T-1]
    NDArray hinge = targetProb.sub(otherMax).add(constant(targetProb, 1)); // [B, T-1]
    return hinge.mul(shifted.mask()).sum().div(shifted.mask().sum());
  }

  /**
   * {@code log σ(x) = −softplus(−x)}, finite for any finite x (PyTorch's softplus returns x itself
   * past 20, and its gradient is σ(x) everywhere).
   */
  public static NDArray logSigmoid(NDArray x) {
    return softplus(x.neg()).neg();
  }

  /** {@code softplus(x) = log(1 + e^x)}, computed stably by PyTorch's own kernel. */
  public static NDArray softplus(NDArray x) {
    return Activation.softPlus(x);
  }

  /**
   * A scalar constant of {@code like}'s data type in {@code like}'s manager, to combine with arrays
   * that feed backward() instead of DJL's scalar overloads
   * (docs/djl.md#scalars-and-garbage-collection). The array stays open until its manager closes, so
   * the memory behind it outlives the backward pass; created from a double, it is exact in float64.
   */
  public static NDArray constant(NDArray like, double value) {
    return like.getManager().create(value).toType(like.getDataType(), false);
  }

  /**
   * The token each position predicts, {@code labels[:, 1:]}, with 0 where no loss is taken so that
   * every entry is a valid index for {@code gather}.
   *
   * @param labels {@code [B, T]}
   * @return {@code [B, T-1]} int64
   */
  public static NDArray nextTokenTargets(NDArray labels) {
    NDArray shifted = labels.get(new NDIndex(":, 1:")); // [B, T] -> [B, T-1]
    return shifted.mul(shifted.neq(ignoreIndex(labels)).toType(DataType.INT64, false));
  }

  private static NDArray ignoreIndex(NDArray labels) {
    return labels.getManager().create(TokenBatch.IGNORE_INDEX);
  }

  /**
   * Logits and labels aligned for next-token prediction: {@code logits[:, :-1, :]} against {@code
   * labels[:, 1:]} (docs/methods.md#shifting).
   *
   * @param logits {@code [B, T-1, V]}
   * @param targets {@code [B, T-1]} int64, 0 where masked so that every index is valid
   * @param mask {@code [B, T-1]} in the logits' type, 1 where a loss is taken
   */
  private record Shifted(NDArray logits, NDArray targets, NDArray mask) {
    static Shifted of(NDArray logits, NDArray labels) {
      NDArray shiftedLogits = logits.get(new NDIndex(":, :-1, :")); // [B, T, V] -> [B, T-1, V]
      NDArray taken = labels.get(new NDIndex(":, 1:")).neq(ignoreIndex(labels)); // [B, T-1]
      return new Shifted(
          shiftedLogits, nextTokenTargets(labels), taken.toType(logits.getDataType(), false));
    }

    /** Negative log-likelihood of each target token, 0 where masked: {@code [B, T-1]}. */
    NDArray tokenNll() {
      NDArray logProbs = logits.logSoftmax(-1); // [B, T-1, V]
      NDArray targetLogProb = logProbs.gather(targets.expandDims(2), 2).squeeze(2); // [B, T-1]
      return targetLogProb.neg().mul(mask);
    }
  }
}
