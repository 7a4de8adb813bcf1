package dev.lethe.bench.operator;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The operator as the chart runs it, in a JVM of its own started as its image starts it ({@link
 * ImageJvm}); leader election off, its probes on a free port, and the cluster from a kubeconfig.
 */
final class OperatorProcess implements AutoCloseable {
  static final String MAIN_CLASS = "dev.lethe.operator.Main";

  private final Process process;
  private final Instant started;
  private final int port;
  private final Path log;
  private final HttpClient web = HttpClient.newHttpClient();

  private OperatorProcess(Process process, Instant started, int port, Path log) {
    this.process = process;
    this.started = started;
    this.port = port;
    this.log = log;
  }

  static OperatorProcess start(ImageJvm jvm, Path jar, Path kubeconfig, Path log, String name)
      throws IOException {
    int port = freePort();
    List<String> command =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvm.flags());
    command.addAll(List.of("-cp", jar.toAbsolutePath().toString(), MAIN_CLASS));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(jvm.environment());
    builder.environment().put("KUBECONFIG", kubeconfig.toAbsolutePath().toString());
    builder.environment().put("LETHE_LEADER_ELECTION", "false");
    builder.environment().put("LETHE_HTTP_PORT", Integer.toString(port));
    builder.environment().put("POD_NAME", name);
    Instant started = Instant.now();
    return new OperatorProcess(builder.start(), started, port, log);
  }

  /** When the process was started: what every time of this run is measured from. */
  Instant started() {
    return started;
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Waits until /readyz answers 200 (every informer synced); when it did. */
  Instant awaitReady(Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the operator exited with " + process.exitValue() + " before it was ready; see " + log);
      }
      try {
        if (get("/readyz").statusCode() == 200) {
          return Instant.now();
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException(
        "the operator was not ready within " + timeout + "; see " + log);
  }

  /** Its /metrics, in Prometheus' text format. */
  String metrics() throws IOException, InterruptedException {
    return get("/metrics").body();
  }

  /** CPU seconds the process has used, user and system, from /proc/PID/stat. */
  double cpuSeconds() {
    return ProcessMemory.cpuSeconds(process.pid());
  }

  /** SIGTERM, as the kubelet stops a pod; the exit code, or -1 if it had to be killed. */
  int stop(Duration grace) throws InterruptedException {
    process.destroy();
    if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      return process.exitValue();
    }
    process.destroyForcibly().waitFor();
    return -1;
  }

  /** Lines of its log at WARN or ERROR (slf4j-simple writes the level after the thread). */
  List<String> problems() throws IOException {
    return Files.readAllLines(log).stream()
        .filter(line -> line.contains(" WARN ") || line.contains(" ERROR "))
        .toList();
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return web.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
