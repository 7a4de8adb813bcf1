package dev.lethe.api.v1alpha1;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A real etcd and kube-apiserver (Fabric8 kube-api-test, offline, with the binaries that
 * hack/build-control-plane.sh builds), with the checked-in CRDs installed.
 */
public final class TestApiServer implements AutoCloseable {
  /** Set by the build from pom.xml (lethe.kubernetes.version). */
  public static final String VERSION = System.getProperty("lethe.kubernetes.version", "");

  private final KubeAPIServer server;
  private final KubernetesClient client;
  private final Path kubeconfig;

  private TestApiServer(KubeAPIServer server, KubernetesClient client, Path kubeconfig) {
    this.server = server;
    this.client = client;
    this.kubeconfig = kubeconfig;
  }

  public static TestApiServer startWithCrd() throws IOException {
    if (VERSION.isEmpty()) {
      throw new IllegalStateException(
          "system property lethe.kubernetes.version is not set: run the tests through Maven");
    }
    KubeAPIServer server =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withOfflineMode(true)
                .withApiServerVersion(VERSION)
                .withUpdateKubeConfig(false)
                .build());
    server.start();
    String kubeconfigYaml = server.getKubeConfigYaml();
    Path kubeconfig = Files.createTempFile("lethe-kubeconfig", ".yaml");
    Files.writeString(kubeconfig, kubeconfigYaml);
    KubernetesClient client =
        new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfigYaml)).build();
    for (String crd : List.of(UnlearningJobCrd.FILE, UnlearningJobCrd.POLICY_FILE)) {
      UnlearningJobCrd.install(client, CrdFiles.repositoryRoot().resolve(crd));
    }
    return new TestApiServer(server, client, kubeconfig);
  }

  public KubernetesClient client() {
    return client;
  }

  /**
   * A client that acts as {@code user} in {@code groups} (and system:authenticated), through the
   * admin's impersonation: the server authorizes its requests with RBAC as that user's own.
   */
  public KubernetesClient clientAs(String user, String... groups) throws IOException {
    Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
    config.setImpersonateUsername(user);
    String[] all = Arrays.copyOf(groups, groups.length + 1);
    all[groups.length] = "system:authenticated";
    config.setImpersonateGroups(all);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** A kubeconfig file for running kubectl against this server. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** The kubectl built with the control plane, beside kube-apiserver. */
  public Path kubectl() {
    return binary("kubectl");
  }

  /**
   * A binary that hack/build-control-plane.sh builds beside kube-apiserver ({@code kubectl}, {@code
   * kube-controller-manager}).
   */
  public static Path binary(String name) {
    String dir =
        System.getenv()
            .getOrDefault("KUBE_API_TEST_DIR", System.getProperty("user.home") + "/.kubeapitest");
    String arch = System.getProperty("os.arch").equals("aarch64") ? "arm64" : "amd64";
    return Path.of(dir, "k8s", VERSION + "-linux-" + arch, name);
  }

  @Override
  public void close() throws IOException {
    client.close();
    server.stop();
    Files.deleteIfExists(kubeconfig);
  }
}
