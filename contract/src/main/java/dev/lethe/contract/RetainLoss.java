package dev.lethe.contract;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The loss on the retain set (docs/methods.md#total-loss). */
public enum RetainLoss {
  /** Token-mean negative log-likelihood of the retain answers. */
  @JsonProperty("NLL")
  NLL,
  /** KL(p_ref ‖ p_θ) averaged over every non-padding position (docs/methods.md#kl-positions). */
  @JsonProperty("KL")
  KL
}
