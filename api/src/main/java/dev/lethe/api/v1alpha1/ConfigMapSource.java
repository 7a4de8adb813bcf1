package dev.lethe.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One key of a ConfigMap in the job's namespace (ConfigMaps hold at most 1 MiB). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.key) || (self.key != '.' && !self.key.startsWith('..'))",
    message =
        "key must not be '.' or start with '..': the key is mounted as a file name, and the"
            + " kubelet keeps names starting with '..' for itself",
    fieldPath = ".key")
public record ConfigMapSource(
    @JsonPropertyDescription("Name of the ConfigMap, in the job's namespace.")
        @Required
        @Size(min = 1, max = 253)
        @Pattern(Patterns.DNS_SUBDOMAIN)
        String name,
    @JsonPropertyDescription("The key whose value is the file, e.g. forget.jsonl.")
        @Required
        @Size(min = 1, max = 253)
        @Pattern(Patterns.CONFIG_MAP_KEY)
        String key) {}
