package dev.lethe.contract;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The learning-rate schedule after warmup. */
public enum Schedule {
  /** Linear decay to zero (Hugging Face's default; TOFU, NPO, SimNPO and LoKU use it). */
  @JsonProperty("linear")
  LINEAR,
  /** Cosine decay to zero. */
  @JsonProperty("cosine")
  COSINE,
  /** Constant (MUSE's setting). */
  @JsonProperty("constant")
  CONSTANT
}
