package dev.lethe.operator;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The operator's HTTP endpoints for the kubelet's probes ({@code /healthz}, {@code /readyz}) and
 * Prometheus ({@code /metrics}), on the JDK's own HTTP server so the operator needs no web
 * framework for three plain-text answers.
 *
 * <p>A probe whose check throws answers 503 with the exception's message, so the reason shows up in
 * the pod's Events instead of killing the server that would report it.
 */
public final class OperationsServer implements AutoCloseable {
  /** The Prometheus text exposition format that {@link PrometheusMeterRegistry#scrape()} writes. */
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  static final String NOT_LIVE = "not live";
  static final String NOT_READY = "not ready: informers not synced";
  static final String THREAD_NAME = "lethe-operations-http";

  private static final String PLAIN_TEXT = "text/plain; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicBoolean closed = new AtomicBoolean();

  private OperationsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Binds {@code bindAddress:port} and starts answering.
   *
   * @param port the port, or 0 for any free one (see {@link #port()})
   * @param live whether the operator works at all; a "no" makes the kubelet restart the pod
   * @param ready whether the operator can serve; a "no" only takes it out of rotation
   * @throws IOException if the address cannot be bound, e.g. the port is taken
   */
  public static OperationsServer start(
      String bindAddress,
      int port,
      PrometheusMeterRegistry registry,
      BooleanSupplier live,
      BooleanSupplier ready)
      throws IOException {
    requireNonNull(bindAddress, "bindAddress");
    requireNonNull(registry, "registry");
    requireNonNull(live, "live");
    requireNonNull(ready, "ready");
    // What /readyz answers, as a series too, for the not-ready alert.
    Gauge.builder("lethe.operator.ready", () -> ready.getAsBoolean() ? 1 : 0)
        .description("1 when /readyz answers ready (informers synced), else 0")
        .register(registry);
    HttpServer server = HttpServer.create(new InetSocketAddress(bindAddress, port), 0);
    ExecutorService executor = Executors.newFixedThreadPool(2, daemonThreads());
    server.setExecutor(executor);
    server.createContext("/", exchange -> answer(exchange, registry, live, ready));
    server.start();
    return new OperationsServer(server, executor);
  }

  /** The bound port: the one asked for, or the one the system picked for port 0. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops at once, without waiting for answers in progress; calling it again does nothing. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  /**
   * Daemon threads, so a worker stuck in a slow scrape or check never holds up the JVM's exit. The
   * JDK server's own dispatcher thread takes the daemon status of the thread that called {@link
   * #start}, so a caller on the main thread must still {@link #close} it.
   */
  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, THREAD_NAME + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private static void answer(
      HttpExchange exchange,
      PrometheusMeterRegistry registry,
      BooleanSupplier live,
      BooleanSupplier ready)
      throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (!path.equals("/metrics") && !path.equals("/healthz") && !path.equals("/readyz")) {
        send(exchange, 404, PLAIN_TEXT, "not found: try /metrics, /healthz or /readyz");
        return;
      }
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, PLAIN_TEXT, method + " not allowed: use GET or HEAD");
        return;
      }
      switch (path) {
        case "/metrics" -> metrics(exchange, registry);
        case "/healthz" -> probe(exchange, live, NOT_LIVE, "not live: ");
        default -> probe(exchange, ready, NOT_READY, "not ready: ");
      }
    }
  }

  private static void metrics(HttpExchange exchange, PrometheusMeterRegistry registry)
      throws IOException {
    String text;
    try {
      text = registry.scrape();
    } catch (RuntimeException e) {
      send(exchange, 500, PLAIN_TEXT, "scrape failed: " + describe(e));
      return;
    }
    send(exchange, 200, PROMETHEUS_TEXT, text);
  }

  private static void probe(
      HttpExchange exchange, BooleanSupplier check, String refusal, String failurePrefix)
      throws IOException {
    boolean ok;
    String body;
    try {
      ok = check.getAsBoolean();
      body = ok ? "ok" : refusal;
    } catch (RuntimeException e) {
      ok = false;
      body = failurePrefix + describe(e);
    }
    send(exchange, ok ? 200 : 503, PLAIN_TEXT, body);
  }

  private static String describe(RuntimeException e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getName();
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
