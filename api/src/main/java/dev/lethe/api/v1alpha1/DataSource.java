package dev.lethe.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** One input file: a path in a PVC, or a key of a ConfigMap. Exactly one of the two. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.pvc) != has(self.configMap)",
    message = "set exactly one of pvc or configMap")
@ValidationRule(
    value = "!has(self.pvc) || has(self.pvc.path)",
    message = "pvc.path is required: the path of the file inside the claim")
public record DataSource(
    @JsonPropertyDescription("The file at pvc.path in a PersistentVolumeClaim.") PvcSource pvc,
    @JsonPropertyDescription("The file at key configMap.key of a ConfigMap.")
        ConfigMapSource configMap) {}
