package dev.lethe.operator.faults;

import dev.lethe.api.v1alpha1.TestApiServer;
import dev.lethe.operator.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The operator as its own JVM ({@code Main}, as MainIT starts it), logging to a file under {@code
 * target/faults/} that is kept for whoever reads a failure.
 */
final class OperatorProcess implements AutoCloseable {
  final Process process;
  final Path log;

  private OperatorProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * @param identity the pod's name: a container restarted in the same pod keeps it
   */
  static OperatorProcess start(
      TestApiServer server, String identity, String logName, String... args) throws IOException {
    Path log = Path.of("target", "faults", logName + ".log");
    Files.createDirectories(log.getParent());
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "--http-port=0"));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("KUBECONFIG", server.kubeconfig().toString());
    builder.environment().put("POD_NAME", identity);
    return new OperatorProcess(builder.start(), log);
  }

  String logText() throws IOException {
    return Files.readString(log);
  }

  /** SIGTERM, as a Deployment stops it; SIGKILL if it has not stopped within 30 s. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
