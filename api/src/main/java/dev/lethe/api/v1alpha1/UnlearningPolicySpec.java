package dev.lethe.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.LabelSelector;

/**
 * Which namespaces a policy governs, what it fills in and what it allows. Where several policies
 * govern one namespace, a job must satisfy every one's guardrails (the strictest wins), and at most
 * one of them may set defaults.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UnlearningPolicySpec(
    @JsonPropertyDescription(
            "The namespaces this policy governs, by their labels; {} selects every namespace.")
        @Required
        LabelSelector namespaceSelector,
    @JsonPropertyDescription(
            "Values for what a job leaves out. The job's own spec is never rewritten: the"
                + " operator resolves these into the trainer Job and its config, and lists them in"
                + " the job's status.policy.")
        PolicyDefaults defaults,
    @JsonPropertyDescription(
            "What a job must satisfy, enforced at admission and again before its trainer Job is"
                + " created.")
        Guardrails guardrails) {}
