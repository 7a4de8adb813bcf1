package dev.lethe.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.lethe.contract.Limits;
import dev.lethe.contract.RetainLoss;
import dev.lethe.contract.UnlearningMethod;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The unlearning method and its parameters. A parameter left out takes the method's default ({@link
 * UnlearningMethod}); one the method does not take is refused. The CEL rules here must agree with
 * {@link UnlearningMethod#takes}: {@code UnlearningJobCrdIT} checks every pair.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.beta) || self.name in ['NPO', 'SimNPO', 'IdkDPO']",
    message = "beta applies only to NPO, SimNPO and IdkDPO")
@ValidationRule(
    value = "!has(self.delta) || self.name == 'SimNPO'",
    message = "delta applies only to SimNPO")
@ValidationRule(
    value = "!has(self.alpha) || self.name == 'WHP'",
    message = "alpha applies only to WHP")
@ValidationRule(
    value = "!has(self.reinforceEpochs) || self.name == 'WHP'",
    message = "reinforceEpochs applies only to WHP")
@ValidationRule(
    value = "!has(self.reinforceLearningRate) || self.name == 'WHP'",
    message = "reinforceLearningRate applies only to WHP")
@ValidationRule(
    value = "!has(self.forgetWeight) || self.forgetWeight > 0.0",
    message =
        "forgetWeight must be above 0: without the forget term the job unlearns nothing (a"
            + " retain term alone only fine-tunes)",
    fieldPath = ".forgetWeight")
@ValidationRule(
    value =
        "!has(self.reinforceLearningRate) || self.reinforceLearningRate >= "
            + Limits.MIN_LEARNING_RATE,
    message =
        "reinforceLearningRate must be at least "
            + Limits.MIN_LEARNING_RATE
            + TrainingSpec.TOO_SMALL,
    fieldPath = ".reinforceLearningRate")
@ValidationRule(
    value = "!has(self.retainWeight) || self.name != 'GradientAscent'",
    message =
        "retainWeight does not apply to GradientAscent, which has no retain term"
            + " (GradientDifference adds one)")
@ValidationRule(
    value = "!has(self.retainLoss) || self.name != 'GradientAscent'",
    message =
        "retainLoss does not apply to GradientAscent, which has no retain term"
            + " (GradientDifference adds one)")
public record MethodSpec(
    @JsonPropertyDescription(
            "The unlearning method: GradientAscent, GradientDifference, NPO, SimNPO, IHL"
                + " (LoKU's inverted hinge loss), IdkDPO or WHP (Who's Harry Potter).")
        @Required
        UnlearningMethod name,
    @JsonPropertyDescription(
            "Inverse temperature β of NPO, SimNPO and IdkDPO. Default: 0.1 (NPO, IdkDPO), 4.5"
                + " (SimNPO).")
        @Min(value = 0, inclusive = false)
        @Max(Limits.MAX_BETA)
        Double beta,
    @JsonPropertyDescription(
            "SimNPO's margin δ in β·(ℓ − δ); the paper's γ equals β·δ. Default: 0.")
        @Min(0)
        @Max(Limits.MAX_DELTA)
        Double delta,
    @JsonPropertyDescription("WHP's α in v_base − α·ReLU(v_reinforced − v_base). Default: 1.")
        @Min(0)
        @Max(Limits.MAX_ALPHA)
        Double alpha,
    @JsonPropertyDescription(
            "Weight of the forget term, above 0. Default: 0.125 for SimNPO, 1 otherwise.")
        @Min(0)
        @Max(Limits.MAX_LOSS_WEIGHT)
        Double forgetWeight,
    @JsonPropertyDescription(
            "Weight of the retain term; 0 trains on the forget set alone. Default: 0 for WHP,"
                + " 1 otherwise. Not for GradientAscent.")
        @Min(0)
        @Max(Limits.MAX_LOSS_WEIGHT)
        Double retainWeight,
    @JsonPropertyDescription(
            "The retain term: NLL (token-mean negative log-likelihood) or KL (to the model before"
                + " unlearning). Default: NLL. Not for GradientAscent.")
        RetainLoss retainLoss,
    @JsonPropertyDescription(
            "WHP: epochs of training the reinforced adapter on the forget set. Default: 3.")
        @Min(1)
        @Max(Limits.MAX_REINFORCE_EPOCHS)
        Integer reinforceEpochs,
    @JsonPropertyDescription(
            "WHP: learning rate of the reinforced adapter, at least 1e-10. Default: 1e-4.")
        @Max(Limits.MAX_LEARNING_RATE)
        Double reinforceLearningRate) {}
