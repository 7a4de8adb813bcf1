package dev.lethe.local;

import dev.lethe.api.v1alpha1.UnlearningJobCrd;
import dev.lethe.api.v1alpha1.UnlearningPolicy;
import dev.lethe.contract.Limits;
import dev.lethe.local.node.LocalImages;
import dev.lethe.local.node.LocalNode;
import dev.lethe.local.node.NodeAgent;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lethe on this machine: the control plane, the UnlearningJob CRD, the node agent that runs trainer
 * pods as processes, and the operator, run from its jar exactly as it runs in a cluster (its log in
 * {@code logs/operator.log}).
 */
public final class LocalCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);
  static final String TRAINER_IMAGE = "lethe-trainer:dev";
  private static final Duration OPERATOR_READY = Duration.ofSeconds(90);

  private final LocalSettings settings;
  private final List<AutoCloseable> parts = new ArrayList<>();
  private LocalControlPlane controlPlane;
  private KubernetesClient client;
  private NodeAgent agent;
  private Process operator;

  private LocalCluster(LocalSettings settings) {
    this.settings = settings;
  }

  /**
   * Checks what it needs (binaries, jars, free ports) and starts everything; on any failure, stops
   * what had started.
   */
  public static LocalCluster start(LocalSettings settings) throws IOException {
    List<String> problems = problems(settings);
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "local Lethe cannot start:\n  - " + String.join("\n  - ", problems));
    }
    LocalCluster cluster = new LocalCluster(settings);
    try {
      cluster.startParts();
      return cluster;
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    } catch (InterruptedException e) {
      cluster.close();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting", e);
    }
  }

  /** Everything that would stop the start, each with what to do about it. */
  static List<String> problems(LocalSettings settings) {
    List<String> problems = new ArrayList<>();
    for (String binary : LocalControlPlane.BINARIES) {
      try {
        settings.binaries().require(binary);
      } catch (IllegalStateException e) {
        problems.add(e.getMessage());
      }
    }
    for (Path jar : List.of(settings.trainerJar(), settings.operatorJar())) {
      if (!Files.isRegularFile(jar)) {
        problems.add(
            jar + " is missing: build it with `make demo` (or ./mvnw package -DskipTests)");
      }
    }
    for (Path crd : settings.crds()) {
      if (!Files.isRegularFile(crd)) {
        problems.add(crd + " is missing: is " + settings.repo() + " a Lethe checkout?");
      }
    }
    String operatorPort = taken("0.0.0.0", settings.operatorPort());
    if (operatorPort != null) {
      problems.add(
          "port "
              + settings.operatorPort()
              + " is taken ("
              + operatorPort
              + "; `ss -ltnp 'sport = :"
              + settings.operatorPort()
              + "'` shows by what): the operator serves /metrics and /healthz there; choose"
              + " another with --operator-port (make demo ARGS='--operator-port 8181')");
    }
    String trainerPort = taken("127.0.0.2", Limits.TRAINER_PORT);
    if (trainerPort != null) {
      problems.add(
          "port "
              + Limits.TRAINER_PORT
              + " on the loopback addresses is taken ("
              + trainerPort
              + "; `ss -ltnp 'sport = :"
              + Limits.TRAINER_PORT
              + "'` shows by what): each trainer pod listens there on its own 127.0.0.x; stop"
              + " that process first");
    }
    return problems;
  }

  /** Why nothing can listen on host:port, or null when something can. */
  static String taken(String host, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(host, port));
      return null;
    } catch (IOException e) {
      return e.getMessage();
    }
  }

  private void startParts() throws IOException, InterruptedException {
    LocalHome home = settings.home();
    Files.createDirectories(home.logs());
    controlPlane = LocalControlPlane.start(settings.binaries(), home.kubeconfig(), home.logs());
    parts.add(controlPlane);
    client = controlPlane.client();
    parts.add(client);
    for (Path crd : settings.crds()) {
      UnlearningJobCrd.install(client, crd);
    }
    // As the chart does: the policy that lets jobs run in every namespace, restricting nothing.
    client
        .resource(UnlearningPolicy.governingEveryNamespace(UnlearningPolicy.DEFAULT_NAME))
        .serverSideApply();
    agent =
        NodeAgent.start(
            client,
            LocalNode.ofThisMachine(settings.gpus()),
            LocalImages.trainer(settings.trainerJar()),
            home);
    parts.add(agent);
    operator = startOperator();
    parts.add(this::stopOperator);
  }

  private Process startOperator() throws IOException, InterruptedException {
    Path log = settings.home().logs().resolve("operator.log");
    ProcessBuilder builder =
        new ProcessBuilder(
                LocalSettings.java(),
                "-jar",
                settings.operatorJar().toString(),
                "--leader-election=false",
                "--http-port=" + settings.operatorPort(),
                "--progress-poll-interval=2s",
                "--trainer-image=" + TRAINER_IMAGE)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("KUBECONFIG", settings.home().kubeconfig().toString());
    Process process = builder.start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI readyz = URI.create("http://127.0.0.1:" + settings.operatorPort() + "/readyz");
    long deadline = System.nanoTime() + OPERATOR_READY.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the operator exited with " + process.exitValue() + "; its log: " + log);
      }
      try {
        if (http.send(
                    HttpRequest.newBuilder(readyz).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          LOG.info("operator ready (process {}); log {}", process.pid(), log);
          return process;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    process.destroyForcibly();
    throw new IllegalStateException(
        "the operator was not ready within " + OPERATOR_READY + "; its log: " + log);
  }

  private void stopOperator() throws InterruptedException {
    operator.destroy();
    if (!operator.waitFor(15, TimeUnit.SECONDS)) {
      operator.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  public KubernetesClient client() {
    return client;
  }

  public LocalSettings settings() {
    return settings;
  }

  public NodeAgent agent() {
    return agent;
  }

  /** Stops the operator, then the node agent and its pods' processes, then the control plane. */
  @Override
  public void close() {
    for (int i = parts.size() - 1; i >= 0; i--) {
      try {
        parts.get(i).close();
      } catch (Exception e) {
        LOG.warn("while stopping: {}", e.toString());
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
      }
    }
    parts.clear();
  }
}
