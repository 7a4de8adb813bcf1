package dev.lethe.charts.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The openAPIV3Schema of the CRD's first version, asked whether a path, as kube-state-metrics
 * writes one, can exist in an UnlearningJob. Arrays are crossed the way kube-state-metrics crosses
 * them: an index ({@code "0"}) or a selector ({@code "[type=Succeeded]"}, whose field the items
 * must have) picks an item, any other segment reads a field of every item.
 */
final class CrdSchema {
  /** ObjectMeta: the CRD's schema leaves metadata to the API server, so it names no fields. */
  private static final Set<String> METADATA =
      Set.of(
          "name", "namespace", "uid", "generation", "creationTimestamp", "labels", "annotations");

  private final JsonNode crd;
  private final JsonNode root;

  private CrdSchema(JsonNode crd) {
    this.crd = crd;
    this.root = crd.at("/spec/versions/0/schema/openAPIV3Schema");
  }

  static CrdSchema load(Path file) {
    return new CrdSchema(GitOpsFiles.readYaml(file));
  }

  String group() {
    return crd.at("/spec/group").asText();
  }

  String version() {
    return crd.at("/spec/versions/0/name").asText();
  }

  String kind() {
    return crd.at("/spec/names/kind").asText();
  }

  boolean has(List<String> path) {
    if (!path.isEmpty() && path.get(0).equals("metadata")) {
      return hasMetadata(path.subList(1, path.size()));
    }
    JsonNode node = root;
    for (String segment : path) {
      if (node.path("type").asText().equals("array")) {
        node = node.path("items");
        if (isIndex(segment)) {
          continue;
        }
        if (isSelector(segment)) {
          String field = segment.substring(1, segment.indexOf('='));
          if (!node.path("properties").has(field)) {
            return false;
          }
          continue;
        }
      }
      node = field(node, segment);
      if (node.isMissingNode()) {
        return false;
      }
    }
    return true;
  }

  private static JsonNode field(JsonNode object, String name) {
    JsonNode declared = object.path("properties").path(name);
    // A map (additionalProperties) takes any key: result.before, nodeSelector, ...
    return declared.isMissingNode() ? object.path("additionalProperties") : declared;
  }

  private static boolean hasMetadata(List<String> path) {
    if (path.isEmpty() || !METADATA.contains(path.get(0))) {
      return false;
    }
    boolean map = path.get(0).equals("labels") || path.get(0).equals("annotations");
    return path.size() == 1 || (map && path.size() == 2);
  }

  private static boolean isIndex(String segment) {
    return segment.chars().allMatch(Character::isDigit) && !segment.isEmpty();
  }

  private static boolean isSelector(String segment) {
    return segment.startsWith("[") && segment.endsWith("]") && segment.contains("=");
  }
}
