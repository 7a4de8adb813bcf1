package dev.lethe.operator.policy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Label selectors as Kubernetes evaluates them (k8s.io/apimachinery labels.Selector): every
 * matchLabels entry and every matchExpressions requirement must hold; an empty selector matches
 * everything. The chart's admission policy evaluates the same in CEL.
 */
public final class NamespaceSelectors {
  private NamespaceSelectors() {}

  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    Map<String, String> have = Objects.requireNonNullElse(labels, Map.of());
    Map<String, String> wanted = Objects.requireNonNullElse(selector.getMatchLabels(), Map.of());
    List<LabelSelectorRequirement> requirements =
        Objects.requireNonNullElse(selector.getMatchExpressions(), List.of());
    return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(have.get(e.getKey())))
        && requirements.stream().allMatch(r -> holds(r, have));
  }

  private static boolean holds(LabelSelectorRequirement requirement, Map<String, String> labels) {
    String value = labels.get(requirement.getKey());
    List<String> values = Objects.requireNonNullElse(requirement.getValues(), List.of());
    return switch (requirement.getOperator()) {
      case "In" -> value != null && values.contains(value);
      case "NotIn" -> value == null || !values.contains(value);
      case "Exists" -> value != null;
      case "DoesNotExist" -> value == null;
      default -> false;
    };
  }
}
