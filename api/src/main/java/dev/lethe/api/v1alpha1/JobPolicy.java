package dev.lethe.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** The policies that governed a job, fixed when its trainer Job was created. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobPolicy(
    @JsonPropertyDescription(
            "Every UnlearningPolicy whose namespaceSelector matched the job's namespace, by"
                + " name; empty when none did.")
        List<AppliedPolicy> applied,
    @JsonPropertyDescription(
            "The ttlSecondsAfterFinished a policy's defaults gave a job that sets none.")
        Long ttlSecondsAfterFinished) {}
