package dev.lethe.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.lethe.contract.Limits;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/**
 * What a policy fills in where a job leaves a field out. The trainer pod's identity and placement
 * (image, ServiceAccount, priority, scheduling) can only come from here for users who may not
 * create pods themselves.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = Patterns.IMAGE_RULE, message = Patterns.IMAGE_MESSAGE, fieldPath = ".image")
@ValidationRule(
    value =
        "!has(self.methods) || self.methods.all(m, self.methods.exists_one(n, n.name == m.name))",
    message = "each method may appear only once",
    fieldPath = ".methods")
@ValidationRule(
    value = "!has(self.gates) || self.gates.all(g, self.gates.exists_one(h, h.metric == g.metric))",
    message = "each metric may have only one gate",
    fieldPath = ".gates")
public record PolicyDefaults(
    @JsonPropertyDescription("The trainer image.") @Size(min = 1, max = 512) String image,
    @JsonPropertyDescription(
            "The trainer pod's ServiceAccount. Without one the operator gives each job a"
                + " ServiceAccount of its own, with no permissions and no token.")
        @Size(min = 1, max = 253)
        @Pattern(Patterns.DNS_SUBDOMAIN)
        String serviceAccountName,
    @JsonPropertyDescription("PriorityClass of the trainer pod.")
        @Size(min = 1, max = 253)
        @Pattern(Patterns.DNS_SUBDOMAIN)
        String priorityClassName,
    @JsonPropertyDescription("Node labels the trainer pod must match.") @Size(max = 32)
        Map<String, String> nodeSelector,
    @JsonPropertyDescription("Taints the trainer pod tolerates, e.g. of GPU nodes.") @Size(max = 32)
        List<Toleration> tolerations,
    @JsonPropertyDescription("Node and pod affinity of the trainer pod.") Affinity affinity,
    @JsonPropertyDescription("Requests and limits of the trainer container.")
        ResourceRequirements resources,
    @JsonPropertyDescription(
            "Parameters per method, e.g. {name: SimNPO, beta: 3.5}: they fill the parameters a job"
                + " of that method leaves out.")
        @Size(max = 16)
        List<MethodSpec> methods,
    @JsonPropertyDescription("The training recipe: fills each field a job leaves out.")
        TrainingSpec training,
    @JsonPropertyDescription(
            "Evaluation gates, added for each metric the job sets no gate on (a job may override"
                + " them; requiredGates in guardrails it may only tighten).")
        @Size(max = Limits.MAX_GATES)
        List<GateSpec> gates,
    @JsonPropertyDescription("Seconds a job may run, retries included, when it sets none.")
        @Min(1)
        @Max(31_536_000)
        Long activeDeadlineSeconds,
    @JsonPropertyDescription(
            "Seconds after a job finishes before it is deleted, when it sets none.")
        @Min(0)
        @Max(31_536_000)
        Long ttlSecondsAfterFinished,
    @JsonPropertyDescription(
            "The Kueue LocalQueue (label kueue.x-k8s.io/queue-name) of jobs that have none.")
        @Size(min = 1, max = 63)
        @Pattern(Patterns.DNS_SUBDOMAIN)
        String queueName) {}
