package dev.lethe.local;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real control plane on this machine: etcd and kube-apiserver (through Fabric8 kube-api-test,
 * offline) and kube-controller-manager with the controllers a Job needs: the Job controller, the
 * garbage collectors and TTL-after-finished. No scheduler and no node-lifecycle controller: the
 * local node agent binds pods itself, and nothing evicts them.
 */
public final class LocalControlPlane implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalControlPlane.class);

  /** The binaries it needs: kube-api-test starts the first two, kubectl is for people. */
  static final List<String> BINARIES =
      List.of("etcd", "kube-apiserver", "kube-controller-manager", "kubectl");

  /** What kube-controller-manager runs; each is a name from its {@code --controllers} help. */
  static final List<String> CONTROLLERS =
      List.of(
          "job-controller",
          "garbage-collector-controller",
          "pod-garbage-collector-controller",
          "ttl-after-finished-controller");

  private final KubeAPIServer apiServer;
  private final Process controllerManager;
  private final Path kubeconfig;
  private final Path controllerManagerLog;

  private LocalControlPlane(
      KubeAPIServer apiServer, Process controllerManager, Path kubeconfig, Path log) {
    this.apiServer = apiServer;
    this.controllerManager = controllerManager;
    this.kubeconfig = kubeconfig;
    this.controllerManagerLog = log;
  }

  /**
   * Starts the control plane and writes its admin kubeconfig to {@code kubeconfig}, where kubectl
   * can use it.
   *
   * @param workDir where the controller manager's log goes
   */
  public static LocalControlPlane start(
      ControlPlaneBinaries binaries, Path kubeconfig, Path workDir) throws IOException {
    BINARIES.forEach(binaries::require);
    Path controllerManagerBinary = binaries.require("kube-controller-manager");
    KubeAPIServer apiServer =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withOfflineMode(true)
                .withApiServerVersion(binaries.version())
                .withUpdateKubeConfig(false)
                .build());
    apiServer.start();
    Files.createDirectories(workDir);
    Files.writeString(kubeconfig, apiServer.getKubeConfigYaml());
    Path log = workDir.resolve("kube-controller-manager.log");
    Process controllerManager;
    try {
      controllerManager =
          new ProcessBuilder(
                  controllerManagerBinary.toString(),
                  "--kubeconfig=" + kubeconfig,
                  "--authentication-kubeconfig=" + kubeconfig,
                  "--authorization-kubeconfig=" + kubeconfig,
                  "--leader-elect=false",
                  "--secure-port=0",
                  "--controllers=" + String.join(",", CONTROLLERS),
                  "--concurrent-job-syncs=5",
                  "--kube-api-qps=100",
                  "--kube-api-burst=200")
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException | RuntimeException e) {
      apiServer.stop();
      throw e;
    }
    LOG.info(
        "control plane {} up: kubeconfig {}, controller manager log {}",
        binaries.version(),
        kubeconfig,
        log);
    return new LocalControlPlane(apiServer, controllerManager, kubeconfig, log);
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  public Path controllerManagerLog() {
    return controllerManagerLog;
  }

  /** Whether kube-controller-manager still runs. */
  public boolean controllerManagerAlive() {
    return controllerManager.isAlive();
  }

  /** A client with the admin credentials of the kubeconfig. */
  public KubernetesClient client() throws IOException {
    return new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
        .build();
  }

  /** Stops the controller manager (SIGTERM, then SIGKILL after 10 s), then the API server. */
  @Override
  public void close() {
    controllerManager.destroy();
    try {
      if (!controllerManager.waitFor(10, TimeUnit.SECONDS)) {
        controllerManager.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      controllerManager.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      apiServer.stop();
    }
  }
}
