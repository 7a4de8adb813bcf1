package dev.lethe.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/**
 * What to unlearn and how. Rules about one field sit here with a {@code fieldPath} (see {@link
 * PvcSource}). Only {@code suspend}, {@code activeDeadlineSeconds} and {@code
 * ttlSecondsAfterFinished} can change after creation: a change of what to unlearn is a new job.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "has(self.data.retain) || self.method.name in ['GradientAscent', 'WHP']"
            + " || (has(self.method.retainWeight) && self.method.retainWeight == 0.0)",
    message =
        "data.retain is required: this method trains with a retain term (set"
            + " method.retainWeight to 0 to train on the forget set alone)",
    fieldPath = ".data")
@ValidationRule(
    value =
        "self.method.name != 'WHP' || !has(self.method.retainWeight)"
            + " || self.method.retainWeight == 0.0 || has(self.data.retain)",
    message = "data.retain is required: WHP with a retainWeight above 0 trains with a retain term",
    fieldPath = ".data")
@ValidationRule(
    value = "self.lora.init != 'fila' || has(self.data.retain)",
    message =
        "data.retain is required with lora.init fila: FILA weighs each weight's Fisher"
            + " information on the forget set against the retain set's",
    fieldPath = ".data")
@ValidationRule(
    value = "!has(self.data.refusals) || self.method.name == 'IdkDPO'",
    message = "data.refusals applies only to IdkDPO",
    fieldPath = ".data.refusals")
@ValidationRule(
    value = "!has(self.data.anchors) || self.method.name == 'WHP'",
    message = "data.anchors applies only to WHP",
    fieldPath = ".data.anchors")
@ValidationRule(
    value =
        "has(self.data.retain) || has(self.evaluation.retain)"
            + " || ((!has(self.evaluation.gates)"
            + " || !self.evaluation.gates.exists(g, g.metric.startsWith('retain.')))"
            + " && (!has(self.evaluation.keepBest)"
            + " || !self.evaluation.keepBest.metric.startsWith('retain.')))",
    message =
        "data.retain or evaluation.retain is required for the retain.* metrics: the QA lines"
            + " they are measured on",
    fieldPath = ".evaluation")
@ValidationRule(
    value =
        "has(self.data.retain) || has(self.evaluation.retain)"
            + " || (has(self.evaluation.utility) && size(self.evaluation.utility) > 0)"
            + " || ((!has(self.evaluation.gates)"
            + " || !self.evaluation.gates.exists(g, g.metric == 'modelUtility'))"
            + " && (!has(self.evaluation.keepBest)"
            + " || self.evaluation.keepBest.metric != 'modelUtility'))",
    message =
        "modelUtility needs a retain set (data.retain or evaluation.retain) or evaluation.utility"
            + " sets: the QA lines it averages over",
    fieldPath = ".evaluation")
@ValidationRule(value = Patterns.IMAGE_RULE, message = Patterns.IMAGE_MESSAGE, fieldPath = ".image")
@ValidationRule(
    value = "self.model == oldSelf.model",
    message = "model " + UnlearningJobSpec.IMMUTABLE,
    fieldPath = ".model")
@ValidationRule(
    value = "self.data == oldSelf.data",
    message = "data " + UnlearningJobSpec.IMMUTABLE,
    fieldPath = ".data")
@ValidationRule(
    value = "self.method == oldSelf.method",
    message = "method " + UnlearningJobSpec.IMMUTABLE,
    fieldPath = ".method")
@ValidationRule(
    value = "self.lora == oldSelf.lora",
    message = "lora " + UnlearningJobSpec.IMMUTABLE,
    fieldPath = ".lora")
@ValidationRule(
    value = "self.training == oldSelf.training",
    message = "training " + UnlearningJobSpec.IMMUTABLE,
    fieldPath = ".training")
@ValidationRule(
    value = "self.evaluation == oldSelf.evaluation",
    message = "evaluation " + UnlearningJobSpec.IMMUTABLE,
    fieldPath = ".evaluation")
@ValidationRule(
    value = "self.output == oldSelf.output",
    message = "output " + UnlearningJobSpec.IMMUTABLE,
    fieldPath = ".output")
@ValidationRule(
    value = "self.backoffLimit == oldSelf.backoffLimit",
    message = "backoffLimit " + UnlearningJobSpec.IMMUTABLE,
    fieldPath = ".backoffLimit")
@ValidationRule(
    value =
        "has(self.image) == has(oldSelf.image) && (!has(self.image) || self.image =="
            + " oldSelf.image)",
    message = "image " + UnlearningJobSpec.IMMUTABLE,
    fieldPath = ".image")
@ValidationRule(
    value =
        "has(self.resources) == has(oldSelf.resources) && (!has(self.resources) || self.resources =="
            + " oldSelf.resources)",
    message = "resources " + UnlearningJobSpec.IMMUTABLE,
    fieldPath = ".resources")
@ValidationRule(
    value =
        "has(self.nodeSelector) == has(oldSelf.nodeSelector) && (!has(self.nodeSelector) || self.nodeSelector =="
            + " oldSelf.nodeSelector)",
    message = "nodeSelector " + UnlearningJobSpec.IMMUTABLE,
    fieldPath = ".nodeSelector")
@ValidationRule(
    value =
        "has(self.tolerations) == has(oldSelf.tolerations) && (!has(self.tolerations) || self.tolerations =="
            + " oldSelf.tolerations)",
    message = "tolerations " + UnlearningJobSpec.IMMUTABLE,
    fieldPath = ".tolerations")
@ValidationRule(
    value =
        "has(self.affinity) == has(oldSelf.affinity) && (!has(self.affinity) || self.affinity =="
            + " oldSelf.affinity)",
    message = "affinity " + UnlearningJobSpec.IMMUTABLE,
    fieldPath = ".affinity")
@ValidationRule(
    value =
        "has(self.priorityClassName) == has(oldSelf.priorityClassName) && (!has(self.priorityClassName) || self.priorityClassName =="
            + " oldSelf.priorityClassName)",
    message = "priorityClassName " + UnlearningJobSpec.IMMUTABLE,
    fieldPath = ".priorityClassName")
@ValidationRule(
    value =
        "has(self.serviceAccountName) == has(oldSelf.serviceAccountName) && (!has(self.serviceAccountName) || self.serviceAccountName =="
            + " oldSelf.serviceAccountName)",
    message = "serviceAccountName " + UnlearningJobSpec.IMMUTABLE,
    fieldPath = ".serviceAccountName")
public record UnlearningJobSpec(
    @JsonPropertyDescription("The model to unlearn from.") @Required ModelSpec model,
    @JsonPropertyDescription("The forget set, the retain set and how to read them.") @Required
        DataSpec data,
    @JsonPropertyDescription("The unlearning method and its parameters.") @Required
        MethodSpec method,
    @JsonPropertyDescription("The LoRA adapter.") @Default("{}") LoraSpec lora,
    @JsonPropertyDescription("The optimisation.") @Default("{}") TrainingSpec training,
    @JsonPropertyDescription(
            "What is measured before, during and after unlearning, and the gates the result"
                + " must pass.")
        @Default("{}")
        EvaluationSpec evaluation,
    @JsonPropertyDescription("Where the adapter and report are written.") @Required
        OutputSpec output,
    @JsonPropertyDescription("The trainer image; the operator's default when left out.")
        @Size(min = 1, max = 512)
        String image,
    @JsonPropertyDescription(
            "CPU, memory and GPU (nvidia.com/gpu) requests and limits of the trainer container.")
        ResourceRequirements resources,
    @JsonPropertyDescription("Node labels the trainer pod must match.") @Size(max = 32)
        Map<String, String> nodeSelector,
    @JsonPropertyDescription("Taints the trainer pod tolerates, e.g. of GPU nodes.") @Size(max = 32)
        List<Toleration> tolerations,
    @JsonPropertyDescription("Node and pod affinity of the trainer pod.") Affinity affinity,
    @JsonPropertyDescription("PriorityClass of the trainer pod.")
        @Size(min = 1, max = 253)
        @Pattern(Patterns.DNS_SUBDOMAIN)
        String priorityClassName,
    @JsonPropertyDescription("ServiceAccount of the trainer pod; the namespace's default if unset.")
        @Size(min = 1, max = 253)
        @Pattern(Patterns.DNS_SUBDOMAIN)
        String serviceAccountName,
    @JsonPropertyDescription(
            "Retries after a crash (exit codes outside the contract's table, OOM kills). Invalid"
                + " input never retries; preemption does not count.")
        @Min(0)
        @Max(10)
        @Default("2")
        Integer backoffLimit,
    @JsonPropertyDescription("Seconds the job may run, retries included, before it fails.")
        @Min(1)
        @Max(31_536_000)
        Long activeDeadlineSeconds,
    @JsonPropertyDescription(
            "Seconds after the job finishes before this UnlearningJob is deleted; the outputs on"
                + " the volume stay. Kept forever when unset.")
        @Min(0)
        @Max(31_536_000)
        Long ttlSecondsAfterFinished,
    @JsonPropertyDescription(
            "Pause the job (and let a queue such as Kueue decide when it runs). Changing it back"
                + " to false resumes it.")
        @Default("false")
        Boolean suspend) {

  static final String IMMUTABLE =
      "is immutable: only suspend, activeDeadlineSeconds and ttlSecondsAfterFinished can change"
          + " after creation; a change of what to unlearn is a new UnlearningJob";
}
