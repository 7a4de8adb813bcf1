package dev.lethe.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** Where the adapter, report.json and checkpoints are written (read-write). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OutputSpec(
    @JsonPropertyDescription(
            "A directory inside a PersistentVolumeClaim; when pvc.path is left out, a directory"
                + " named after the job.")
        @Required
        PvcSource pvc,
    @JsonPropertyDescription(
            "Also write the base model with the adapter merged in, in Hugging Face layout (as"
                + " large as the model in fp32).")
        @Default("false")
        Boolean mergedModel) {}
