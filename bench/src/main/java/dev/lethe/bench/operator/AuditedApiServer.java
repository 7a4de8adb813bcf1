package dev.lethe.bench.operator;

import dev.lethe.api.v1alpha1.CrdFiles;
import dev.lethe.api.v1alpha1.UnlearningJobCrd;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * A real etcd and kube-apiserver (Fabric8 kube-api-test, offline) and nothing else: no kubelet and
 * no kube-controller-manager, so trainer Jobs get no pods and stay Pending. The API server writes
 * an audit log of every request the operator's user makes (level Metadata, one JSON line per stage
 * but RequestReceived), and knows that user by a bearer token (--token-auth-file) bound to
 * cluster-admin: the operator runs with a kubeconfig of its own, as it would with its
 * ServiceAccount in a cluster.
 */
final class AuditedApiServer implements AutoCloseable {
  /** Who the operator is to the API server: the chart's ServiceAccount. */
  static final String OPERATOR_USER = "system:serviceaccount:lethe:lethe-operator";

  private static final String OPERATOR_GROUPS =
      "system:serviceaccounts,system:serviceaccounts:lethe";

  private final KubeAPIServer server;
  private final KubernetesClient admin;
  private final Path auditLog;
  private final Path operatorKubeconfig;

  private AuditedApiServer(
      KubeAPIServer server, KubernetesClient admin, Path auditLog, Path operatorKubeconfig) {
    this.server = server;
    this.admin = admin;
    this.auditLog = auditLog;
    this.operatorKubeconfig = operatorKubeconfig;
  }

  /** Starts the control plane with its files under {@code work}, and installs Lethe's CRDs. */
  static AuditedApiServer start(Path work) throws IOException {
    String version = System.getProperty("lethe.kubernetes.version", "");
    if (version.isEmpty()) {
      throw new IllegalStateException(
          "system property lethe.kubernetes.version is not set: run through Maven"
              + " (make bench-operator)");
    }
    Files.createDirectories(work);
    Path policy = work.resolve("audit-policy.yaml");
    Files.writeString(
        policy,
        """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        omitStages: ["RequestReceived"]
        rules:
          - level: Metadata
            users: ["%s"]
          - level: None
        """
            .formatted(OPERATOR_USER));
    Path auditLog = work.resolve("audit.log");
    Files.deleteIfExists(auditLog);
    String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    Path tokens = work.resolve("tokens.csv");
    Files.writeString(
        tokens, token + "," + OPERATOR_USER + ",lethe-operator,\"" + OPERATOR_GROUPS + "\"\n");

    KubeAPIServer server =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withOfflineMode(true)
                .withApiServerVersion(version)
                .withUpdateKubeConfig(false)
                .withApiServerFlag("--audit-policy-file", policy.toAbsolutePath().toString())
                .withApiServerFlag("--audit-log-path", auditLog.toAbsolutePath().toString())
                .withApiServerFlag("--audit-log-format", "json")
                .withApiServerFlag("--audit-log-mode", "blocking")
                // Megabytes before the log rotates (0 would mean lumberjack's default of 100).
                .withApiServerFlag("--audit-log-maxsize", "10000")
                .withApiServerFlag("--token-auth-file", tokens.toAbsolutePath().toString())
                .build());
    server.start();
    Config config = Config.fromKubeconfig(server.getKubeConfigYaml());
    // The backlog is created from many threads at once.
    config.setMaxConcurrentRequests(64);
    config.setMaxConcurrentRequestsPerHost(64);
    KubernetesClient admin = new KubernetesClientBuilder().withConfig(config).build();
    Path root = CrdFiles.repositoryRoot();
    for (String crd : List.of(UnlearningJobCrd.FILE, UnlearningJobCrd.POLICY_FILE)) {
      UnlearningJobCrd.install(admin, root.resolve(crd));
    }
    admin
        .rbac()
        .clusterRoleBindings()
        .resource(
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName("lethe-operator-bench")
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin")
                .addNewSubject()
                .withKind("User")
                .withApiGroup("rbac.authorization.k8s.io")
                .withName(OPERATOR_USER)
                .endSubject()
                .build())
        .create();
    Path kubeconfig = work.resolve("operator-kubeconfig.yaml");
    Files.writeString(kubeconfig, operatorKubeconfig(config, token));
    return new AuditedApiServer(server, admin, auditLog, kubeconfig);
  }

  /** The admin's server and CA, with the operator's token. */
  private static String operatorKubeconfig(Config admin, String token) {
    String ca =
        admin.getCaCertFile() != null
            ? "certificate-authority: " + admin.getCaCertFile()
            : "certificate-authority-data: " + admin.getCaCertData();
    return """
        apiVersion: v1
        kind: Config
        clusters:
          - name: bench
            cluster:
              server: %s
              %s
        users:
          - name: lethe-operator
            user:
              token: %s
        contexts:
          - name: lethe-operator
            context: {cluster: bench, user: lethe-operator, namespace: lethe}
        current-context: lethe-operator
        """
        .formatted(admin.getMasterUrl().replaceAll("/$", ""), ca, token);
  }

  /** A client with the admin's certificate: what the bench itself acts as. */
  KubernetesClient admin() {
    return admin;
  }

  Path auditLog() {
    return auditLog;
  }

  /** A kubeconfig that makes whoever uses it {@link #OPERATOR_USER}. */
  Path operatorKubeconfig() {
    return operatorKubeconfig;
  }

  @Override
  public void close() {
    admin.close();
    server.stop();
  }
}
