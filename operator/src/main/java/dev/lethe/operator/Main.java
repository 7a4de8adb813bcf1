package dev.lethe.operator;

import dev.lethe.operator.OperatorSettings.InvalidSettingException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar lethe-operator.jar [flags]} ({@link OperatorCommand}): runs the operator against
 * the cluster of the current kubeconfig (or the in-cluster service account), serving {@code
 * /metrics}, {@code /healthz} and {@code /readyz}. Exits 2 on a setting it cannot use, and 1 when
 * it lost its leader-election Lease (it stops reconciling first).
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  /** The exit code of a replica that lost its Lease (the Deployment restarts it). */
  static final int LOST_LEASE = 1;

  private Main() {}

  public static void main(String[] args) throws IOException {
    OperatorCommand command = new OperatorCommand(System.getenv());
    Optional<OperatorSettings> read;
    try {
      read = command.settingsUnlessHelp(new PrintWriter(System.out, true), args);
    } catch (InvalidSettingException e) {
      System.err.println("lethe-operator: " + e.getMessage() + "\n\n" + command.usage());
      System.exit(2);
      return;
    }
    if (read.isEmpty()) {
      return; // --help or --version, answered
    }
    OperatorSettings settings = read.get();
    String identity = identity(System.getenv());
    KubernetesClient client = new KubernetesClientBuilder().build();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    LetheOperator operator =
        new LetheOperator(settings, client, registry, identity, () -> System.exit(LOST_LEASE));
    OperationsServer http =
        OperationsServer.start(
            "0.0.0.0", settings.httpPort(), registry, operator::live, operator::ready);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("stopping: letting running reconciles finish");
                  operator.close();
                  http.close();
                  client.close();
                },
                "lethe-shutdown"));
    LOG.info(
        "lethe-operator {} on {} (namespaces: {}, trainer image {}, progress every {}, leader"
            + " election {}); /metrics, /healthz, /readyz on :{}",
        identity,
        client.getMasterUrl(),
        settings.namespaces().isEmpty() ? "all" : String.join(",", settings.namespaces()),
        settings.trainerImage(),
        settings.progressPollInterval(),
        settings.leaderElection() ? "on" : "off",
        http.port());
    operator.start();
  }

  /** The pod's name in a cluster; elsewhere the host name with a random suffix. */
  static String identity(Map<String, String> env) {
    String pod = env.get("POD_NAME");
    if (pod != null && !pod.isBlank()) {
      return pod;
    }
    String host = env.getOrDefault("HOSTNAME", "lethe-operator");
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
