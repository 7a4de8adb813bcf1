package dev.lethe.api.v1alpha1;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * docs/api.md: every field of the CRDs with its type, default, bounds, rules and description, made
 * from the CRDs themselves so that it cannot drift ({@code make crds} writes it, {@link
 * CrdIsUpToDateTest} fails when it was forgotten). Fields Lethe takes from Kubernetes as they are
 * (affinity, tolerations, resources) are listed without their insides, which Kubernetes documents.
 */
public final class ApiReference {
  private ApiReference() {}

  public static final String FILE = "docs/api.md";

  /** The reference for these CRD files, in order. */
  public static String markdown(List<Path> crdFiles) throws IOException {
    StringBuilder md =
        new StringBuilder(
            "# API reference\n\n"
                + "Generated from the CRDs in `crds/` by `make crds`; do not edit. Every field"
                + " with its type, default, bounds and the rules the API server checks (a spec"
                + " that breaks one is refused with the rule's message).\n");
    for (Path file : crdFiles) {
      CustomResourceDefinition crd =
          Serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class);
      var names = crd.getSpec().getNames();
      var version = crd.getSpec().getVersions().get(0);
      md.append("\n## ")
          .append(names.getKind())
          .append("\n\n`")
          .append(crd.getSpec().getGroup())
          .append('/')
          .append(version.getName())
          .append("`, ")
          .append(crd.getSpec().getScope().toLowerCase())
          .append(", `kubectl get ")
          .append(names.getShortNames().get(0))
          .append("`.\n");
      JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
      rules(root).ifPresent(r -> md.append("\nRules on the whole object: ").append(r).append('\n'));
      for (String part : List.of("spec", "status")) {
        JSONSchemaProps schema = root.getProperties().get(part);
        if (schema == null) {
          continue;
        }
        StringBuilder rows = new StringBuilder();
        rows(part, schema, rows);
        if (!rows.isEmpty()) {
          md.append("\n### ")
              .append(part)
              .append("\n\n| field | type | default | bounds | |\n|---|---|---|---|---|\n")
              .append(rows);
        }
      }
    }
    return md.toString();
  }

  /** Writes the reference of the checked-in CRDs into the repository's docs/. */
  public static void write(List<Path> crdFiles) throws IOException {
    Path file = CrdFiles.repositoryRoot().resolve(FILE);
    Files.createDirectories(file.getParent());
    Files.writeString(file, markdown(crdFiles));
  }

  private static void rows(String path, JSONSchemaProps schema, StringBuilder md) {
    List<String> required = Objects.requireNonNullElse(schema.getRequired(), List.of());
    Map<String, JSONSchemaProps> properties =
        Objects.requireNonNullElse(schema.getProperties(), Map.of());
    for (var entry : properties.entrySet()) {
      JSONSchemaProps field = entry.getValue();
      if (field.getDescription() == null) {
        continue; // a part of a Kubernetes type, documented by Kubernetes
      }
      String name = path + "." + entry.getKey();
      md.append("| `")
          .append(name)
          .append("`")
          .append(required.contains(entry.getKey()) ? " (required)" : "")
          .append(" | ")
          .append(type(field))
          .append(" | ")
          .append(field.getDefault() == null ? "" : "`" + field.getDefault() + "`")
          .append(" | ")
          .append(cell(bounds(field)))
          .append(" | ")
          .append(cell(field.getDescription()))
          .append(rules(field).map(r -> " Rules: " + cell(r)).orElse(""))
          .append(" |\n");
      rows(name, field, md);
      if (field.getItems() != null && field.getItems().getSchema() != null) {
        rows(name + "[]", field.getItems().getSchema(), md);
      }
      if (field.getAdditionalProperties() != null
          && field.getAdditionalProperties().getSchema() != null) {
        rows(name + ".<name>", field.getAdditionalProperties().getSchema(), md);
      }
    }
  }

  private static String type(JSONSchemaProps field) {
    if ("array".equals(field.getType()) && field.getItems() != null) {
      JSONSchemaProps item = field.getItems().getSchema();
      return "array of " + (item == null ? "any" : type(item));
    }
    if (field.getAdditionalProperties() != null
        && field.getAdditionalProperties().getSchema() != null) {
      return "map of " + type(field.getAdditionalProperties().getSchema());
    }
    if (Boolean.TRUE.equals(field.getXKubernetesIntOrString())) {
      return "integer or string";
    }
    return Objects.requireNonNullElse(field.getType(), "any");
  }

  private static String bounds(JSONSchemaProps field) {
    List<String> bounds = new ArrayList<>();
    if (field.getMinimum() != null) {
      bounds.add(
          (Boolean.TRUE.equals(field.getExclusiveMinimum()) ? "> " : "≥ ")
              + number(field.getMinimum()));
    }
    if (field.getMaximum() != null) {
      bounds.add(
          (Boolean.TRUE.equals(field.getExclusiveMaximum()) ? "< " : "≤ ")
              + number(field.getMaximum()));
    }
    if (field.getMinLength() != null || field.getMaxLength() != null) {
      bounds.add(
          Objects.requireNonNullElse(field.getMinLength(), 0L)
              + " to "
              + Objects.requireNonNullElse(field.getMaxLength(), "any")
              + " characters");
    }
    if (field.getPattern() != null) {
      bounds.add("matches `" + field.getPattern() + "`");
    }
    if (field.getEnum() != null && !field.getEnum().isEmpty()) {
      bounds.add(
          "one of "
              + field.getEnum().stream()
                  .map(v -> "`" + v.asText() + "`")
                  .collect(Collectors.joining(", ")));
    }
    if (field.getMinItems() != null) {
      bounds.add("at least " + field.getMinItems() + " items");
    }
    if (field.getMaxItems() != null) {
      bounds.add("at most " + field.getMaxItems() + " items");
    }
    if (field.getMaxProperties() != null) {
      bounds.add("at most " + field.getMaxProperties() + " entries");
    }
    return String.join("; ", bounds);
  }

  private static Optional<String> rules(JSONSchemaProps field) {
    List<ValidationRule> rules = field.getXKubernetesValidations();
    return rules == null || rules.isEmpty()
        ? Optional.empty()
        : Optional.of(
            rules.stream()
                .map(ValidationRule::getMessage)
                .distinct()
                .collect(Collectors.joining("; ")));
  }

  private static String number(Double value) {
    return new BigDecimal(value).stripTrailingZeros().toPlainString();
  }

  /** Text that stays inside one table cell. */
  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
