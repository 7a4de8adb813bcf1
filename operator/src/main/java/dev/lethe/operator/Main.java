package dev.lethe.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar lethe-operator.jar [flags]}: runs the operator against the cluster of the
 * current kubeconfig (or the in-cluster service account), serving {@code /metrics}, {@code
 * /healthz} and {@code /readyz}. Exits 2 on a setting it cannot use, and 1 when it lost its
 * leader-election Lease (it stops reconciling first).
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  /** The exit code of a replica that lost its Lease (the Deployment restarts it). */
  static final int LOST_LEASE = 1;

  private Main() {}

  public static void main(String[] args) throws IOException {
    if (Arrays.asList(args).contains("--help")) {
      System.out.println(OperatorSettings.usage());
      return;
    }
    OperatorSettings settings;
    try {
      settings = OperatorSettings.parse(System.getenv(), args);
    } catch (IllegalArgumentException e) {
      System.err.println("lethe-operator: " + e.getMessage() + "\n\n" + OperatorSettings.usage());
      System.exit(2);
      return;
    }
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
