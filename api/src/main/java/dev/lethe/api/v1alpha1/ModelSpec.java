package dev.lethe.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** The model to unlearn from, mounted read-only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelSpec(
    @JsonPropertyDescription(
            "The model directory in Hugging Face layout (config.json, *.safetensors,"
                + " tokenizer.json) inside a PersistentVolumeClaim; Llama-family architectures.")
        @Required
        PvcSource pvc) {}
