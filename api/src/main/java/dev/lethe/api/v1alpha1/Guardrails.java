package dev.lethe.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.lethe.contract.Limits;
import dev.lethe.contract.UnlearningMethod;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * What every job in the governed namespaces must satisfy, whoever creates it. A list left out
 * leaves that field to users who may create pods in the namespace; a list that is set both limits
 * everyone to its entries and lets users who may not create pods choose among them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.images) || self.images.all(i, i.endsWith('/') || i.matches('"
            + Patterns.DIGEST
            + "') || !i.contains('*'))",
    message =
        "images entries are repository prefixes ending in '/', digests (sha256:...) or whole"
            + " image references; wildcards are not supported",
    fieldPath = ".images")
@ValidationRule(
    value =
        "!has(self.requiredGates) || self.requiredGates.all(g,"
            + " self.requiredGates.exists_one(h, h.metric == g.metric))",
    message = "each metric may have only one required gate",
    fieldPath = ".requiredGates")
public record Guardrails(
    @JsonPropertyDescription("The unlearning methods jobs may use.") @Size(max = 16)
        List<UnlearningMethod> methods,
    @JsonPropertyDescription(
            "Trainer images jobs may run: a repository prefix ending in '/' (registry.corp/lethe/"
                + " allows every image under it), a digest (sha256:...) or a whole image"
                + " reference. The operator's own trainer image must be listed too where jobs use"
                + " it.")
        @Size(max = 32)
        List<@Size(min = 1, max = 512) String> images,
    @JsonPropertyDescription(
            "ServiceAccounts a job may name for its trainer pod; one that names none runs as its"
                + " own, which may do nothing, and that is always allowed.")
        @Size(max = 32)
        List<@Size(min = 1, max = 253) @Pattern(Patterns.DNS_SUBDOMAIN) String> serviceAccounts,
    @JsonPropertyDescription("PriorityClasses the trainer pod may have.") @Size(max = 32)
        List<@Size(min = 1, max = 253) @Pattern(Patterns.DNS_SUBDOMAIN) String> priorityClasses,
    @JsonPropertyDescription("The most nvidia.com/gpu a job may request.") @Min(0) @Max(1024)
        Integer maxGpus,
    @JsonPropertyDescription(
            "The most memory a job may request or be limited to, e.g. 96Gi; a job that sets no"
                + " memory limit (and gets none from the defaults) gets it as its limit.")
        @Pattern(Patterns.QUANTITY)
        @Size(max = 64)
        String maxMemory,
    @JsonPropertyDescription(
            "The longest activeDeadlineSeconds a job may set; jobs that set none get it.")
        @Min(1)
        @Max(31_536_000)
        Long maxActiveDeadlineSeconds,
    @JsonPropertyDescription(
            "PersistentVolumeClaims the trainer may read: the model and every data set on a"
                + " claim.")
        @Size(max = 64)
        List<@Size(min = 1, max = 253) @Pattern(Patterns.DNS_SUBDOMAIN) String> readableClaims,
    @JsonPropertyDescription("PersistentVolumeClaims the trainer may write its output to.")
        @Size(max = 64)
        List<@Size(min = 1, max = 253) @Pattern(Patterns.DNS_SUBDOMAIN) String> writableClaims,
    @JsonPropertyDescription(
            "Gates every job must prove, e.g. {metric: retain.tokenAccuracy, minRatio: 0.95}. A"
                + " job without a gate on the metric gets this one; a job's own gate on it must be"
                + " at least as strict.")
        @Size(max = Limits.MAX_GATES)
        List<GateSpec> requiredGates) {

  /** Guardrails that allow everything. */
  public static final Guardrails NONE =
      new Guardrails(null, null, null, null, null, null, null, null, null, null);
}
