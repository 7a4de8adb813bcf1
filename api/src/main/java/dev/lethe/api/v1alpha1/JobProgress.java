package dev.lethe.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The trainer's progress as last polled; see the contract's Progress record. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobProgress(
    @JsonPropertyDescription(
            "The phase: load, evaluate, unlearn, write; fisher with lora.init fila; reinforce and"
                + " relabel for WHP (step and totalSteps then count that stage's steps); relearn"
                + " with evaluation.relearn.")
        String stage,
    @JsonPropertyDescription("Optimiser steps done.") Long step,
    @JsonPropertyDescription("Optimiser steps planned.") Long totalSteps,
    @JsonPropertyDescription("step / totalSteps in percent, rounded down.") Integer percent,
    @JsonPropertyDescription("Passes over the forget set done, fractional.") Double epoch,
    @JsonPropertyDescription("Total loss of the last step.") Double loss,
    @JsonPropertyDescription("Forget term of the last step.") Double forgetLoss,
    @JsonPropertyDescription("Retain term of the last step.") Double retainLoss,
    @JsonPropertyDescription("Learning rate of the last step.") Double learningRate,
    @JsonPropertyDescription("Training throughput.") Double tokensPerSecond,
    @JsonPropertyDescription("Estimated seconds until training ends.") Long etaSeconds,
    @JsonPropertyDescription("When this progress was read from the trainer (RFC 3339).")
        String lastUpdateTime) {}
