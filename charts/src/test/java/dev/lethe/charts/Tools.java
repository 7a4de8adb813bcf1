package dev.lethe.charts;

import dev.lethe.api.v1alpha1.CrdFiles;
import dev.lethe.api.v1alpha1.TestApiServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The command-line tools the chart's tests run, where the build put them: helm and the Prometheus
 * Operator's CRDs (hack/build-chart-tools.sh).
 */
public final class Tools {
  /** What a command did: its standard output alone (a warning never gets into YAML), and errors. */
  public record Run(int exitCode, String out, String err) {
    /** Both streams, for assertion messages. */
    public String output() {
      return out + err;
    }
  }

  private Tools() {}

  static Path chart() {
    return CrdFiles.repositoryRoot().resolve("charts/lethe");
  }

  static Path helm() {
    return cache().resolve("helm-" + property("lethe.helm.version")).resolve("helm");
  }

  /** ServiceMonitor, PodMonitor and PrometheusRule CRDs. */
  static Path monitoringCrds() {
    return cache()
        .resolve("prometheus-operator-" + property("lethe.prometheus-operator.version"))
        .resolve("crds");
  }

  /** {@code helm template} of the chart with these {@code --set} values, for Kubernetes 1.34. */
  public static Run template(String... sets) throws IOException, InterruptedException {
    return template(List.of(), sets);
  }

  /** The same, with values files ({@code -f}) before the {@code --set} values. */
  public static Run template(List<Path> valuesFiles, String... sets)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                helm().toString(),
                "template",
                "lethe",
                chart().toString(),
                "--namespace",
                "lethe",
                "--kube-version",
                TestApiServer.VERSION));
    for (Path values : valuesFiles) {
      command.add("--values");
      command.add(values.toString());
    }
    for (String set : sets) {
      command.add("--set");
      command.add(set);
    }
    return run(command, null);
  }

  /** Runs a command; its error output goes through a file, so neither stream can block it. */
  public static Run run(List<String> command, String input)
      throws IOException, InterruptedException {
    Path errors = Files.createTempFile("lethe-tool", ".err");
    try {
      Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
      if (input != null) {
        process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
      }
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("timed out: " + command);
      }
      return new Run(process.exitValue(), out, Files.readString(errors));
    } finally {
      Files.delete(errors);
    }
  }

  private static Path cache() {
    String dir = System.getenv("LETHE_TOOLS_DIR");
    return dir != null ? Path.of(dir) : Path.of(home(), ".cache", "lethe-tools");
  }

  private static String home() {
    return System.getProperty("user.home");
  }

  private static String property(String name) {
    String value = System.getProperty(name, "");
    if (value.isEmpty()) {
      throw new IllegalStateException(
          "system property " + name + " is not set: run the tests through Maven");
    }
    return value;
  }
}
