package dev.lethe.charts.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A kube-state-metrics CustomResourceState configuration, read for what a test needs: the resources
 * it watches, the metrics it exports and every path it reads from an object.
 */
final class KubeStateMetricsConfig {
  /** A path one metric reads, from the object's root. */
  record ReadPath(String metric, List<String> path) {}

  private final JsonNode config;

  private KubeStateMetricsConfig(JsonNode config) {
    this.config = config;
  }

  static KubeStateMetricsConfig load(Path file) {
    return new KubeStateMetricsConfig(GitOpsFiles.readYaml(file));
  }

  String kind() {
    return config.path("kind").asText();
  }

  List<JsonNode> resources() {
    List<JsonNode> resources = new ArrayList<>();
    config.at("/spec/resources").forEach(resources::add);
    return resources;
  }

  /** Each metric's full name: the resource's metricNamePrefix, then the metric's name. */
  List<String> metricNames() {
    List<String> names = new ArrayList<>();
    for (JsonNode resource : resources()) {
      for (JsonNode metric : resource.path("metrics")) {
        names.add(resource.path("metricNamePrefix").asText() + "_" + metric.path("name").asText());
      }
    }
    return names;
  }

  /** The metric with this name (without the prefix). */
  JsonNode metric(String name) {
    for (JsonNode resource : resources()) {
      for (JsonNode metric : resource.path("metrics")) {
        if (metric.path("name").asText().equals(name)) {
          return metric;
        }
      }
    }
    throw new IllegalArgumentException("no metric " + name);
  }

  /**
   * Every path read: the resource's labelsFromPath, and for each metric its path and, below that
   * path, its labelsFromPath and valueFrom (kube-state-metrics resolves those relative to it).
   */
  List<ReadPath> readPaths() {
    List<ReadPath> read = new ArrayList<>();
    for (JsonNode resource : resources()) {
      resource
          .path("labelsFromPath")
          .forEach(path -> read.add(new ReadPath("(every metric)", segments(path))));
      for (JsonNode metric : resource.path("metrics")) {
        String name = metric.path("name").asText();
        JsonNode each = metric.path("each");
        JsonNode generator = each.path(generatorField(each.path("type").asText()));
        List<String> base = segments(generator.path("path"));
        if (!base.isEmpty()) {
          read.add(new ReadPath(name, base));
        }
        generator
            .path("labelsFromPath")
            .forEach(path -> read.add(new ReadPath(name, concat(base, segments(path)))));
        if (generator.has("valueFrom")) {
          read.add(new ReadPath(name, concat(base, segments(generator.path("valueFrom")))));
        }
      }
    }
    return read;
  }

  /** Gauge -> gauge, StateSet -> stateSet, Info -> info. */
  private static String generatorField(String type) {
    return Character.toLowerCase(type.charAt(0)) + type.substring(1);
  }

  private static List<String> segments(JsonNode path) {
    List<String> segments = new ArrayList<>();
    path.forEach(segment -> segments.add(segment.asText()));
    return segments;
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
