package dev.lethe.charts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.List;

/** The objects {@code helm template} printed, one per YAML document. */
record Rendered(List<JsonNode> objects) {
  static Rendered parse(String yaml) throws IOException {
    YAMLMapper mapper = new YAMLMapper();
    try (var documents = mapper.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
      return new Rendered(
          documents.readAll().stream().filter(o -> o != null && o.has("kind")).toList());
    }
  }

  /** The objects of a kind. */
  List<JsonNode> all(String kind) {
    return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
  }

  /** The one object of a kind and name. */
  JsonNode one(String kind, String name) {
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
