package dev.lethe.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.lethe.contract.KeepBest;
import dev.lethe.contract.Metric;
import io.fabric8.generator.annotation.Required;

/** Which evaluated checkpoint becomes the adapter. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeepBestSpec(
    @JsonPropertyDescription("The metric that ranks the checkpoints (see gates[].metric).")
        @Required
        Metric metric,
    @JsonPropertyDescription(
            "max or min: which way is better. Among the checkpoints that pass every gate (all of"
                + " them if none does), the best wins; ties go to the earlier step.")
        @Required
        KeepBest.Goal goal) {}
