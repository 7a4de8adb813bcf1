package dev.lethe.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.lethe.contract.Limits;
import dev.lethe.contract.Relearn;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A relearning attack after unlearning: how much of the forget set comes back when someone
 * fine-tunes the unlearned model on a few of its examples (the contract's {@link Relearn}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.learningRate) || self.learningRate >= " + Limits.MIN_LEARNING_RATE,
    message = "learningRate must be at least " + Limits.MIN_LEARNING_RATE,
    fieldPath = ".learningRate")
public record RelearnSpec(
    @JsonPropertyDescription(
            "Optimiser steps of fine-tuning with plain NLL. Default: "
                + Relearn.DEFAULT_STEPS
                + ".")
        @Min(1)
        @Max(Relearn.MAX_STEPS)
        Integer steps,
    @JsonPropertyDescription(
            "How many forget examples the attack trains on, drawn with the job's seed (all of them"
                + " when the forget set is smaller). Default: "
                + Relearn.DEFAULT_EXAMPLES
                + ".")
        @Min(1)
        @Max(Relearn.MAX_EXAMPLES)
        Integer examples,
    @JsonPropertyDescription(
            "The attack's constant learning rate. Default: the job's training.learningRate.")
        @Max(Limits.MAX_LEARNING_RATE)
        Double learningRate) {}
