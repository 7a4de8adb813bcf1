package dev.lethe.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** One UnlearningPolicy that governed a job when its trainer Job was created. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AppliedPolicy(
    @JsonPropertyDescription("The policy's name.") String name,
    @JsonPropertyDescription("The policy's metadata.generation that was applied.") Long generation,
    @JsonPropertyDescription(
            "The fields this policy filled in, as paths in the job's spec (e.g. image,"
                + " training.learningRate, evaluation.gates[retain.tokenAccuracy]).")
        List<String> defaulted) {}
