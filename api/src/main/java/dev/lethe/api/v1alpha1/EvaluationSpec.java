package dev.lethe.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.lethe.contract.Limits;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/**
 * What is measured before, during and after unlearning, and what must hold for the job to succeed
 * (definitions: docs/metrics.md). The metrics go into {@code status.result} and the trainer's
 * {@code report.json}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.gates) || self.gates.all(g, self.gates.exists_one(h, h.metric == g.metric))",
    message = "each metric may have only one gate",
    fieldPath = ".gates")
@ValidationRule(
    value =
        "has(self.reference) || ((!has(self.gates) || !self.gates.exists(g, g.metric =="
            + " 'forgetQuality')) && (!has(self.keepBest) || self.keepBest.metric !="
            + " 'forgetQuality'))",
    message =
        "reference is required for forgetQuality: the evaluation of a model trained without the"
            + " forget set (lethe-trainer evaluate)",
    fieldPath = ".reference")
@ValidationRule(
    value =
        "has(self.holdout) || ((!has(self.gates) || !self.gates.exists(g, g.metric =="
            + " 'privleak')) && (!has(self.keepBest) || self.keepBest.metric != 'privleak'))",
    message =
        "holdout is required for privleak: texts like the forget set that the model never saw",
    fieldPath = ".holdout")
@ValidationRule(
    value = "!has(self.keepBest) || has(self.everySteps)",
    message =
        "keepBest needs everySteps: without evaluations during training there is nothing"
            + " to choose from",
    fieldPath = ".keepBest")
@ValidationRule(
    value =
        "!has(self.utility) || self.utility.all(name,"
            + " name.matches('^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$'))",
    message = "utility names must be lowercase letters, digits and '-', at most 40 characters",
    fieldPath = ".utility")
@ValidationRule(
    value =
        "!has(self.stopWhenGatesPass) || !self.stopWhenGatesPass || (has(self.everySteps) &&"
            + " has(self.gates) && size(self.gates) > 0)",
    message =
        "stopWhenGatesPass needs everySteps and at least one gate: it stops at the first"
            + " evaluation during training where every gate passes",
    fieldPath = ".stopWhenGatesPass")
public record EvaluationSpec(
    @JsonPropertyDescription("Conditions on metrics after unlearning, at most one per metric.")
        @Size(max = Limits.MAX_GATES)
        List<GateSpec> gates,
    @JsonPropertyDescription(
            "QA lines the retain.* metrics are measured on. Default: data.retain. Lines may add"
                + " \"paraphrased_answer\" and \"perturbed_answer\" (a list), as TOFU's do, for"
                + " the truth ratio.")
        DataSource retain,
    @JsonPropertyDescription(
            "Lines in the forget set's format that the model never saw, for membership inference"
                + " (LOSS, zlib, Min-K%, Min-K%++ AUC) and privleak.")
        DataSource holdout,
    @JsonPropertyDescription(
            "General-knowledge QA sets by name (TOFU's real authors and world facts), with"
                + " \"perturbed_answer\" lists, for model utility.")
        @Size(max = Limits.MAX_UTILITY_SETS)
        Map<String, DataSource> utility,
    @JsonPropertyDescription(
            "The evaluation of a model trained without the forget set (the JSON that"
                + " lethe-trainer evaluate writes), for forgetQuality and privleak.")
        DataSource reference,
    @JsonPropertyDescription(
            "Evaluate every this many optimiser steps as well as before and after. Default:"
                + " before and after only.")
        @Min(1)
        @Max(Limits.MAX_STEPS)
        Integer everySteps,
    @JsonPropertyDescription(
            "Keep the best evaluated checkpoint as the adapter instead of the last; needs"
                + " everySteps.")
        KeepBestSpec keepBest,
    @JsonPropertyDescription(
            "Stop training at the first evaluation during training (every everySteps) where every"
                + " gate passes, and keep that checkpoint; the job fails with"
                + " EvaluationGatesNotMet if its epochs or maxSteps end first. Needs everySteps"
                + " and gates. Default: false.")
        Boolean stopWhenGatesPass,
    @JsonPropertyDescription(
            "After unlearning, fine-tune the unlearned adapter on a few forget examples for a few"
                + " steps, as an attacker holding part of the forget set would, and measure the"
                + " forget metrics again (report.json's relearned). The adapter written is the"
                + " unlearned one. Default: no attack; {} runs it with every default.")
        RelearnSpec relearn,
    @JsonPropertyDescription(
            "The most tokens greedy generation adds for ROUGE-L (generation also stops at the end"
                + " of sequence). Default: 200.")
        @Min(1)
        @Max(Limits.MAX_NEW_TOKENS)
        Integer maxNewTokens) {

  /** An evaluation section that sets nothing: every default applies. */
  public static final EvaluationSpec NONE =
      new EvaluationSpec(null, null, null, null, null, null, null, null, null, null);

  /** The gates, none when unset. */
  public List<GateSpec> gatesOrNone() {
    return gates == null ? List.of() : gates;
  }

  /** The same evaluation with other gates. */
  public EvaluationSpec withGates(List<GateSpec> newGates) {
    return new EvaluationSpec(
        newGates,
        retain,
        holdout,
        utility,
        reference,
        everySteps,
        keepBest,
        stopWhenGatesPass,
        relearn,
        maxNewTokens);
  }
}
