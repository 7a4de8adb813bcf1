package dev.lethe.contract;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The floating-point type the trainer computes in. */
public enum Precision {
  @JsonProperty("fp32")
  FP32,
  /**
   * GPU only: the CPU build of libtorch that DJL ships aborts on bfloat16 (docs/djl.md#precision).
   */
  @JsonProperty("bf16")
  BF16,
  @JsonProperty("fp16")
  FP16
}
