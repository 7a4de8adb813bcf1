package dev.lethe.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.lethe.contract.Limits;
import dev.lethe.contract.LoraInit;
import dev.lethe.contract.TargetModule;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** The LoRA adapter the job trains; the base weights stay frozen. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.targetModules) || self.targetModules.all(m, self.targetModules.exists_one(n, n"
            + " == m))",
    message = "targetModules must not repeat a module",
    fieldPath = ".targetModules")
public record LoraSpec(
    @JsonPropertyDescription("Rank r of the adapter.")
        @Min(Limits.MIN_LORA_RANK)
        @Max(Limits.MAX_LORA_RANK)
        @Default("" + Limits.DEFAULT_LORA_RANK)
        Integer rank,
    @JsonPropertyDescription(
            "Scale numerator: the update is (alpha / rank)·B·A. Default: 2 × rank, as in LoKU.")
        @Min(value = 0, inclusive = false)
        @Max(Limits.MAX_LORA_ALPHA)
        Double alpha,
    @JsonPropertyDescription("Dropout on the adapter's input while training, in [0, 1).")
        @Min(0)
        @Max(value = 1, inclusive = false)
        @Default("0.0")
        Double dropout,
    @JsonPropertyDescription(
            "The linear layers that carry an adapter; all seven by default, as in LoKU.")
        @Size(min = 1, max = 7)
        @Default(
            "[\"q_proj\", \"k_proj\", \"v_proj\", \"o_proj\", \"gate_proj\", \"up_proj\","
                + " \"down_proj\"]")
        List<TargetModule> targetModules,
    @JsonPropertyDescription(
            "How the adapter starts. default: B = 0, so training starts from the model as it is;"
                + " fila: LoKU's Fisher-informed initialisation, which also leaves the starting"
                + " model unchanged; it needs data.retain and a rank within every targeted"
                + " layer, and writes a PEFT adapter of rank 2 × rank and alpha 2 × alpha.")
        @Default("default")
        LoraInit init) {

  /** A LoRA section that sets nothing: every default applies. */
  public static final LoraSpec NONE = new LoraSpec(null, null, null, null, null);
}
