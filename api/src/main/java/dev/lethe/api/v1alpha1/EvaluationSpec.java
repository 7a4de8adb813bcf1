package dev.lethe.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.lethe.contract.Limits;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** What must hold after unlearning for the job to succeed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.gates) || self.gates.all(g, self.gates.exists_one(h, h.metric == g.metric))",
    message = "each metric may have only one gate",
    fieldPath = ".gates")
public record EvaluationSpec(
    @JsonPropertyDescription("Conditions on metrics after unlearning, at most one per metric.")
        @Size(max = Limits.MAX_GATES)
        List<GateSpec> gates) {}
