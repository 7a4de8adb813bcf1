package dev.lethe.charts.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.lethe.api.v1alpha1.CrdFiles;
import dev.lethe.charts.Rendered;
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

  /** Every document of a multi-document YAML file. */
  static List<JsonNode> readDocuments(Path file) {
    try {
      return Rendered.parse(Files.readString(file)).objects();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
