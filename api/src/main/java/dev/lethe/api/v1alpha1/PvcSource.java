package dev.lethe.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A path inside a PersistentVolumeClaim in the job's namespace.
 *
 * <p>Rules that check one field sit on the type with a {@code fieldPath}: on a record component the
 * generator would see the annotation twice (field and accessor) and emit the rule twice.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.path) || !self.path.split('/').exists(s, s == '..' || s == '.')",
    message = "path must not contain a '.' or '..' segment",
    fieldPath = ".path")
public record PvcSource(
    @JsonPropertyDescription("Name of the PersistentVolumeClaim, in the job's namespace.")
        @Required
        @Size(min = 1, max = 253)
        @Pattern(Patterns.DNS_SUBDOMAIN)
        String claimName,
    @JsonPropertyDescription(
            "Path inside the claim, relative to its root (no leading '/', no '..'). Optional"
                + " where the claim's root is meant.")
        @Size(min = 1, max = 1024)
        @Pattern(Patterns.RELATIVE_PATH)
        String path) {}
