package dev.lethe.trainer.report;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lethe.contract.ContractJson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * Serves {@code GET /metrics} (Prometheus text format) and {@code GET /progress} (the contract's
 * Progress as JSON) while the trainer runs; the operator polls the second, Prometheus scrapes the
 * first. Plain JDK HTTP server on one daemon thread: the trainer needs nothing more.
 */
public final class ReportingServer implements AutoCloseable {
  private final HttpServer server;

  private ReportingServer(HttpServer server) {
    this.server = server;
  }

  /** Starts on {@code host:port}; port 0 picks a free one (see {@link #port()}). */
  public static ReportingServer start(
      String host, int port, PrometheusMeterRegistry registry, ProgressTracker tracker)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
    server.createContext(
        "/metrics",
        exchange -> reply(exchange, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    server.createContext(
        "/progress",
        exchange -> reply(exchange, "application/json", ContractJson.write(tracker.progress())));
    server.setExecutor(
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "reporting-server");
              t.setDaemon(true);
              return t;
            }));
    server.start();
    return new ReportingServer(server);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void reply(HttpExchange exchange, String contentType, String body)
      throws IOException {
    if (!exchange.getRequestMethod().equals("GET")) {
      exchange.sendResponseHeaders(405, -1);
      exchange.close();
      return;
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
