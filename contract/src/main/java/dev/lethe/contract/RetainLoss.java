package dev.lethe.contract;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The loss on the retain set (METHODS §1.2, §1.3). */
public enum RetainLoss {
  /** Token-mean negative log-likelihood of the retain answers. */
  @JsonProperty("NLL")
  NLL,
  /** KL(p_ref ‖ p_θ) averaged over every non-padding position (METHODS §1.12 decision 4). */
  @JsonProperty("KL")
  KL
}
