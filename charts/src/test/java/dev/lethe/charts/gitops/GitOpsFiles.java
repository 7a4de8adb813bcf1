package dev.lethe.charts.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.lethe.api.v1alpha1.CrdFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The files under {@code examples/gitops/}, and YAML read the way Kubernetes tools read it. */
final class GitOpsFiles {
  private GitOpsFiles() {}

  static final ObjectMapper YAML = new YAMLMapper();
  static final ObjectMapper JSON = new JsonMapper();

  /** The repository root. */
  static Path repository() {
    return CrdFiles.repositoryRoot();
  }

  /** A file or directory under {@code examples/gitops/}. */
  static Path gitops(String relative) {
    return repository().resolve("examples/gitops").resolve(relative);
  }

  /** The single YAML document in a file. */
  static JsonNode readYaml(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Every document of a multi-document YAML stream (kubectl's ---), empty ones left out. */
  static List<JsonNode> readDocuments(String yaml) {
    try (var parser = new YAMLFactory().createParser(yaml)) {
      return YAML.readValues(parser, JsonNode.class).readAll().stream()
          .filter(d -> d != null && !d.isNull() && !d.isMissingNode())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("not YAML: " + yaml, e);
    }
  }

  /** Every document of a multi-document YAML file. */
  static List<JsonNode> readDocuments(Path file) {
    try {
      return readDocuments(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
