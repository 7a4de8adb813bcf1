package dev.lethe.charts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Objects as {@code helm template} or {@code kubectl kustomize} print them, one per YAML document
 * (empty documents left out), with the text they came from.
 */
public record Rendered(String yaml, List<JsonNode> objects) {
  public static Rendered parse(String yaml) {
    try (var documents = new YAMLMapper().readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
      return new Rendered(
          yaml, documents.readAll().stream().filter(o -> o != null && o.has("kind")).toList());
    } catch (IOException e) {
      throw new UncheckedIOException("not YAML: " + yaml, e);
    }
  }

  /** The objects of a kind. */
  public List<JsonNode> all(String kind) {
    return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
  }

  /** The names of the objects of a kind. */
  public List<String> names(String kind) {
    return all(kind).stream().map(o -> o.at("/metadata/name").asText()).toList();
  }

  /** The one object of a kind and name. */
  public JsonNode one(String kind, String name) {
    return all(kind).stream()
        .filter(o -> o.at("/metadata/name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + kinds()));
  }

  /** {@code Kind/name} of every object, e.g. {@code Role/lethe (ml)}. */
  List<String> kinds() {
    return objects.stream()
        .map(
            o ->
                o.path("kind").asText()
                    + "/"
                    + o.at("/metadata/name").asText()
                    + (o.at("/metadata/namespace").isMissingNode()
                        ? ""
                        : " (" + o.at("/metadata/namespace").asText() + ")"))
        .toList();
  }
}
