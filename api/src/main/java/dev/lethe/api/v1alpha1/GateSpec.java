package dev.lethe.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.lethe.contract.Metric;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A pass condition on one metric after unlearning. A job whose gates are not met fails with reason
 * EvaluationGatesNotMet; its adapter and report are still written.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.min) || has(self.max) || has(self.minRatio)",
    message = "a gate needs at least one of min, max or minRatio")
@ValidationRule(
    value = "!has(self.min) || !has(self.max) || self.min <= self.max",
    message = "min must not be above max")
public record GateSpec(
    @JsonPropertyDescription(
            "The metric: forget.* or retain.* (nll, tokenAccuracy, probability, rougeL,"
                + " truthRatio; forget also exactMemorization, extractionStrength),"
                + " forgetQuality, modelUtility or privleak.")
        @Required
        Metric metric,
    @JsonPropertyDescription("The value after unlearning must be at least this.") Double min,
    @JsonPropertyDescription("The value after unlearning must be at most this.") Double max,
    @JsonPropertyDescription(
            "The value after unlearning must be at least this times the value before, e.g. 0.95"
                + " to keep 95% of retain ROUGE-L.")
        @Min(0)
        Double minRatio) {}
