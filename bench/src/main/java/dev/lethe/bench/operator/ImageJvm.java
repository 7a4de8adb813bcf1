package dev.lethe.bench.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator's JVM as its image starts it in the chart's pod, read from the files that decide it
 * so the benchmark cannot drift from them: the flags and environment of images/operator/Dockerfile,
 * with the heap's share of the container ({@code -XX:MaxRAMPercentage}) turned into {@code -Xmx} of
 * the chart's default memory limit (charts/lethe/values.yaml), since outside a container the JVM
 * would take that share of the whole machine.
 *
 * @param flags the JVM's options, before {@code -jar}
 * @param environment what the image sets with ENV
 */
record ImageJvm(List<String> flags, Map<String, String> environment) {
  static final String DOCKERFILE = "images/operator/Dockerfile";
  static final String VALUES = "charts/lethe/values.yaml";
  private static final String RAM_PERCENTAGE = "-XX:MaxRAMPercentage=";

  static ImageJvm of(Path repository) throws IOException {
    long limit = memoryLimit(repository.resolve(VALUES));
    List<String> flags = new ArrayList<>();
    Map<String, String> environment = new LinkedHashMap<>();
    for (String line : Files.readAllLines(repository.resolve(DOCKERFILE))) {
      if (line.startsWith("ENV ")) {
        for (String assignment : line.substring(4).trim().split("\\s+")) {
          String[] pair = assignment.split("=", 2);
          environment.put(pair[0], pair[1]);
        }
      } else if (line.startsWith("ENTRYPOINT ")) {
        JsonNode command = new ObjectMapper().readTree(line.substring("ENTRYPOINT ".length()));
        for (int i = 1; i < command.size() && !command.get(i).asText().equals("-jar"); i++) {
          flags.add(heap(command.get(i).asText(), limit));
        }
      }
    }
    if (flags.isEmpty()) {
      throw new IllegalStateException(DOCKERFILE + " has no ENTRYPOINT [\"java\", ...]");
    }
    return new ImageJvm(flags, environment);
  }

  /** How a person would start it: the environment, then java and its options. */
  List<String> commandLine() {
    List<String> line = new ArrayList<>();
    environment.forEach((name, value) -> line.add(name + "=" + value));
    line.add("java");
    line.addAll(flags);
    return line;
  }

  private static String heap(String flag, long limit) {
    if (!flag.startsWith(RAM_PERCENTAGE)) {
      return flag;
    }
    double percent = Double.parseDouble(flag.substring(RAM_PERCENTAGE.length()));
    return "-Xmx" + (long) (limit * percent / 100 / (1024 * 1024)) + "m";
  }

  private static long memoryLimit(Path values) throws IOException {
    JsonNode limit =
        new ObjectMapper(new YAMLFactory())
            .readTree(values.toFile())
            .at("/resources/limits/memory");
    if (limit.isMissingNode()) {
      throw new IllegalStateException(VALUES + " sets no resources.limits.memory");
    }
    return Quantity.getAmountInBytes(new Quantity(limit.asText())).longValueExact();
  }
}
