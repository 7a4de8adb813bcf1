package dev.lethe.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OperationsServerTest {
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final AtomicBoolean live = new AtomicBoolean(true);
  final AtomicBoolean ready = new AtomicBoolean(false);
  OperationsServer server;

  @BeforeEach
  void start() throws IOException {
    server = OperationsServer.start("127.0.0.1", 0, registry, live::get, ready::get);
  }

  @AfterEach
  void stop() {
    server.close();
    registry.close();
  }

  HttpResponse<String> request(String method, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(10))
            .method(method, BodyPublishers.noBody())
            .build();
    return client.send(request, BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws Exception {
    return request("GET", path);
  }

  @Test
  void port0BindsAFreePort() {
    assertThat(server.port()).isBetween(1, 65535);
  }

  @Test
  void metricsAreScrapedInThePrometheusTextFormat() throws Exception {
    Counter.builder("lethe.test").register(registry).increment(3);

    HttpResponse<String> response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(response.body())
        .contains("# TYPE lethe_test_total counter")
        .contains("lethe_test_total 3.0");
  }

  @Test
  void healthzFollowsTheLivenessCheck() throws Exception {
    assertThat(get("/healthz")).extracting(HttpResponse::statusCode).isEqualTo(200);
    assertThat(get("/healthz").body()).isEqualTo("ok");

    live.set(false);
    HttpResponse<String> dead = get("/healthz");

    assertThat(dead.statusCode()).isEqualTo(503);
    assertThat(dead.body()).isEqualTo("not live");

    live.set(true);
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void readyzFollowsTheReadinessCheck() throws Exception {
    HttpResponse<String> notReady = get("/readyz");

    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(notReady.body()).isEqualTo("not ready: informers not synced");

    ready.set(true);
    HttpResponse<String> isReady = get("/readyz");

    assertThat(isReady.statusCode()).isEqualTo(200);
    assertThat(isReady.body()).isEqualTo("ok");
  }

  @Test
  void aCheckThatThrowsAnswers503WithItsMessageAndTheServerGoesOn() throws Exception {
    try (OperationsServer throwing =
        OperationsServer.start(
            "127.0.0.1",
            0,
            registry,
            () -> {
              throw new IllegalStateException("kubernetes client closed");
            },
            () -> {
              throw new NullPointerException();
            })) {
      String base = "http://127.0.0.1:" + throwing.port();

      HttpResponse<String> health =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
              BodyHandlers.ofString());
      HttpResponse<String> readiness =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
              BodyHandlers.ofString());
      HttpResponse<String> again =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
              BodyHandlers.ofString());

      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body()).isEqualTo("not live: kubernetes client closed");
      assertThat(readiness.statusCode()).isEqualTo(503);
      assertThat(readiness.body()).isEqualTo("not ready: java.lang.NullPointerException");
      assertThat(again.statusCode()).isEqualTo(503);
    }
  }

  @Test
  void anUnknownPathIs404() throws Exception {
    for (String path : new String[] {"/", "/metric", "/metrics/extra", "/healthz2"}) {
      HttpResponse<String> response = get(path);

      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(response.body()).as(path).contains("/metrics, /healthz or /readyz");
    }
  }

  @Test
  void aMethodOtherThanGetOrHeadIs405() throws Exception {
    ready.set(true);

    for (String method : new String[] {"POST", "PUT", "DELETE"}) {
      HttpResponse<String> response = request(method, "/readyz");

      assertThat(response.statusCode()).as(method).isEqualTo(405);
      assertThat(response.headers().firstValue("Allow")).as(method).hasValue("GET, HEAD");
      assertThat(response.body()).isEqualTo(method + " not allowed: use GET or HEAD");
    }
  }

  @Test
  void headAnswersTheStatusWithoutABody() throws Exception {
    HttpResponse<String> notReady = request("HEAD", "/readyz");
    HttpResponse<String> live = request("HEAD", "/healthz");

    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(notReady.body()).isEmpty();
    assertThat(live.statusCode()).isEqualTo(200);
  }

  @Test
  void requestsAreAnsweredOnNamedDaemonThreads() throws Exception {
    AtomicReference<Thread> answeredOn = new AtomicReference<>();
    BooleanSupplier recording =
        () -> {
          answeredOn.set(Thread.currentThread());
          return true;
        };
    try (OperationsServer recorder =
        OperationsServer.start("127.0.0.1", 0, registry, recording, recording)) {
      client.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + recorder.port() + "/healthz"))
              .build(),
          BodyHandlers.discarding());
    }

    assertThat(answeredOn.get().getName()).startsWith("lethe-operations-http");
    assertThat(answeredOn.get().isDaemon()).isTrue();
  }

  @Test
  void afterCloseNothingAnswersAndClosingAgainIsHarmless() {
    server.close();

    assertThatThrownBy(() -> get("/healthz")).isInstanceOf(ConnectException.class);
    server.close();
  }
}
