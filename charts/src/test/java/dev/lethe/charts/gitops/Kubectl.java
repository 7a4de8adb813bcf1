package dev.lethe.charts.gitops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the kubectl built with the test control plane (hack/build-control-plane.sh). */
final class Kubectl {
  /** What one command printed: stdout alone, so that a warning never gets into rendered YAML. */
  record Result(int exitCode, String stdout, String stderr) {
    /** Both streams, for assertion messages. */
    String output() {
      return stdout + stderr;
    }
  }

  private final Path binary;
  private final List<String> globalFlags;

  private Kubectl(Path binary, List<String> globalFlags) {
    this.binary = binary;
    this.globalFlags = globalFlags;
  }

  /** kubectl talking to the API server this kubeconfig names (kustomize ignores it). */
  static Kubectl against(Path binary, Path kubeconfig) {
    return new Kubectl(binary, List.of("--kubeconfig", kubeconfig.toString()));
  }

  Result run(String stdin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(binary.toString()));
    command.addAll(globalFlags);
    command.addAll(List.of(args));
    Path stderr = Files.createTempFile("lethe-kubectl", ".stderr");
    try {
      Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
      try (var in = process.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("kubectl did not finish in 60 s: " + command);
      }
      return new Result(process.exitValue(), stdout, Files.readString(stderr));
    } finally {
      Files.deleteIfExists(stderr);
    }
  }
}
