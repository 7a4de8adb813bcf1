package dev.lethe.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * What the operator observed. Conditions follow the {@code metav1.Condition} shape; their types and
 * reasons are in {@link Conditions}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UnlearningJobStatus(
    @JsonPropertyDescription("The generation of the spec this status describes.")
        Long observedGeneration,
    @JsonPropertyDescription(
            "Accepted, Suspended, Running, Succeeded and Failed, each set from the first"
                + " reconcile. Succeeded is Unknown until the job ends; its reason is the job's"
                + " state (Pending, Suspended, Running, Completed, or why it failed).")
        List<Condition> conditions,
    @JsonPropertyDescription("When the trainer Job started (RFC 3339).") String startTime,
    @JsonPropertyDescription("When the job finished, either way (RFC 3339).") String completionTime,
    @JsonPropertyDescription("Trainer pods started so far, retries included.") Integer attempts,
    @JsonPropertyDescription("Name of the batch/v1 Job running the trainer.") String jobName,
    @JsonPropertyDescription("Training progress, polled from the trainer while it runs.")
        JobProgress progress,
    @JsonPropertyDescription("The trainer's result, from its termination message.")
        JobResult result,
    @JsonPropertyDescription(
            "The UnlearningPolicies that governed the job and what each filled in, fixed when the"
                + " trainer Job was created.")
        JobPolicy policy) {}
