package dev.lethe.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One key of a ConfigMap in the job's namespace (ConfigMaps hold at most 1 MiB). */
@JsonInclude(JsonInclude.Include.NON_NULL)
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
