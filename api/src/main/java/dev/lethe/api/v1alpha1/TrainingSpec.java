package dev.lethe.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.lethe.contract.Limits;
import dev.lethe.contract.Precision;
import dev.lethe.contract.Schedule;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * How the adapter is trained. A field left out takes the value of the UnlearningPolicy that
 * supplies the namespace's defaults, else the contract's default (the operator resolves both; the
 * API server fills nothing in, so a policy can tell what the job left out). Defaults are LoKU's
 * LoRA settings (docs/methods.md#training-defaults): the other reference configurations are full
 * fine-tunes, which want a smaller learning rate.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.learningRate) || self.learningRate >= " + Limits.MIN_LEARNING_RATE,
    message = "learningRate must be at least " + Limits.MIN_LEARNING_RATE + TrainingSpec.TOO_SMALL,
    fieldPath = ".learningRate")
public record TrainingSpec(
    @JsonPropertyDescription("Passes over the forget set. Default: " + Limits.DEFAULT_EPOCHS + ".")
        @Min(1)
        @Max(Limits.MAX_EPOCHS)
        Integer epochs,
    @JsonPropertyDescription("Stop after this many optimiser steps, even before the epochs end.")
        @Min(1)
        @Max(Limits.MAX_STEPS)
        Integer maxSteps,
    @JsonPropertyDescription(
            "Peak learning rate of AdamW, reached after warmup; at least 1e-10, below which"
                + " nothing trains. Default: "
                + Limits.DEFAULT_LEARNING_RATE
                + ".")
        @Max(Limits.MAX_LEARNING_RATE)
        Double learningRate,
    @JsonPropertyDescription(
            "Forget examples per micro-batch; each is paired with a random retain example."
                + " Default: "
                + Limits.DEFAULT_BATCH_SIZE
                + ".")
        @Min(1)
        @Max(Limits.MAX_BATCH_SIZE)
        Integer batchSize,
    @JsonPropertyDescription(
            "Micro-batches per optimiser step; the effective batch is batchSize × this. Default: "
                + Limits.DEFAULT_GRADIENT_ACCUMULATION
                + ".")
        @Min(1)
        @Max(Limits.MAX_GRADIENT_ACCUMULATION)
        Integer gradientAccumulation,
    @JsonPropertyDescription(
            "Examples longer than this many tokens are truncated. Default: "
                + Limits.DEFAULT_SEQ_LEN
                + ".")
        @Min(Limits.MIN_SEQ_LEN)
        @Max(Limits.MAX_SEQ_LEN)
        Integer maxSeqLen,
    @JsonPropertyDescription(
            "Share of the steps spent warming the learning rate up from 0. Default: "
                + Limits.DEFAULT_WARMUP_RATIO
                + ".")
        @Min(0)
        @Max(value = 1, inclusive = false)
        Double warmupRatio,
    @JsonPropertyDescription(
            "AdamW's decoupled weight decay. Default: " + Limits.DEFAULT_WEIGHT_DECAY + ".")
        @Min(0)
        @Max(1)
        Double weightDecay,
    @JsonPropertyDescription(
            "Clip the gradient's global norm to this; 0 turns clipping off. Default: "
                + Limits.DEFAULT_MAX_GRAD_NORM
                + ".")
        @Min(0)
        @Max(1e6)
        Double maxGradNorm,
    @JsonPropertyDescription(
            "Learning-rate decay after warmup: linear, cosine or constant. Default: linear.")
        Schedule schedule,
    @JsonPropertyDescription(
            "Fixes data order, forget/retain pairing, adapter initialisation and dropout. Default: "
                + Limits.DEFAULT_SEED
                + ".")
        @Min(0)
        @Max(Integer.MAX_VALUE)
        Long seed,
    @JsonPropertyDescription(
            "Compute precision: fp32, or bf16 / fp16 on GPUs (the CPU trainer supports fp32"
                + " only). Default: fp32.")
        Precision precision,
    @JsonPropertyDescription(
            "Save a checkpoint (adapter and optimiser state) every this many steps, besides the"
                + " one at the end of every epoch; a restarted trainer resumes from the last.")
        @Min(1)
        @Max(Limits.MAX_STEPS)
        Integer checkpointEverySteps) {

  /** A training section that sets nothing: every default applies. */
  public static final TrainingSpec NONE =
      new TrainingSpec(
          null, null, null, null, null, null, null, null, null, null, null, null, null);

  /**
   * Why a learning rate below the contract's minimum is refused. A CEL rule, not {@code @Min}: the
   * API server compares an integer with an integer minimum, and 1e-10 truncates to 0.
   */
  static final String TOO_SMALL =
      ": AdamW moves each weight by about the learning rate per step, so a smaller one trains"
          + " nothing";
}
