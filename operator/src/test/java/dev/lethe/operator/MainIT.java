package dev.lethe.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lethe.api.v1alpha1.TestApiServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The operator as people start it: {@code Main} in its own JVM, configured by flags and the
 * environment, against a real API server through a kubeconfig; stopped with SIGTERM.
 */
class MainIT {
  @Test
  void theOperatorStartsFromAKubeconfigServesItsProbesAndStopsOnSigterm() throws Exception {
    try (TestApiServer server = TestApiServer.startWithCrd()) {
      int port = freePort();
      Path log = Files.createTempFile("lethe-operator", ".log");
      ProcessBuilder builder =
          new ProcessBuilder(
                  List.of(
                      Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                      "-cp",
                      System.getProperty("java.class.path"),
                      Main.class.getName(),
                      "--http-port",
                      Integer.toString(port),
                      "--namespaces=default"))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().put("KUBECONFIG", server.kubeconfig().toString());
      builder.environment().put("LETHE_LEADER_ELECTION", "false");
      builder.environment().put("POD_NAME", "lethe-operator-main-it");
      Process operator = builder.start();
      try {
        HttpClient web = HttpClient.newHttpClient();
        await()
            .atMost(Duration.ofSeconds(60))
            .ignoreExceptions()
            .until(() -> get(web, port, "/readyz").statusCode() == 200);
        assertThat(get(web, port, "/healthz").statusCode()).isEqualTo(200);
        assertThat(get(web, port, "/metrics").body())
            .contains("lethe_reconcile_errors_total{controller=\"unlearningjob\"} 0.0");

        operator.destroy(); // SIGTERM: the shutdown hook stops the operator and the server
        assertThat(operator.waitFor(30, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
        assertThat(Files.readString(log))
            .contains("lethe-operator lethe-operator-main-it on https://")
            .contains("namespaces: default")
            .contains("stopping: letting running reconciles finish");
      } finally {
        operator.destroyForcibly();
        Files.deleteIfExists(log);
      }
    }
  }

  @Test
  void aSettingItCannotUseStopsItWithExitCodeTwo() throws Exception {
    Process operator =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "--progress-poll-interval=soon")
            .redirectErrorStream(true)
            .start();
    String output = new String(operator.getInputStream().readAllBytes());

    assertThat(operator.waitFor()).isEqualTo(2);
    assertThat(output)
        .startsWith(
            "lethe-operator: --progress-poll-interval=soon: expected a duration like 15s, 500ms,"
                + " 2m or PT15S")
        .contains("Usage: lethe-operator [flags]");
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  static HttpResponse<String> get(HttpClient web, int port, String path) throws Exception {
    return web.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
