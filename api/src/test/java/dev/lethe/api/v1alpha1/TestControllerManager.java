package dev.lethe.api.v1alpha1;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * kube-controller-manager (the binary hack/build-control-plane.sh builds beside kube-apiserver)
 * against a {@link TestApiServer}, running only the controllers a test names, e.g. {@code
 * job-controller} and {@code garbage-collector-controller}: what a real cluster does to the objects
 * the operator makes, which the API server alone does not.
 */
public final class TestControllerManager implements AutoCloseable {
  private final Process process;
  private final Path log;

  private TestControllerManager(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * @param controllers names from kube-controller-manager's {@code --controllers} help
   */
  public static TestControllerManager start(TestApiServer server, List<String> controllers)
      throws IOException {
    Path binary = TestApiServer.binary("kube-controller-manager");
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          binary + " is missing: build it with `make control-plane` (hack/build-control-plane.sh)");
    }
    String kubeconfig = server.kubeconfig().toString();
    Path log = Files.createTempFile("kube-controller-manager", ".log");
    Process process =
        new ProcessBuilder(
                binary.toString(),
                "--kubeconfig=" + kubeconfig,
                "--authentication-kubeconfig=" + kubeconfig,
                "--authorization-kubeconfig=" + kubeconfig,
                "--leader-elect=false",
                "--secure-port=0",
                "--controllers=" + String.join(",", controllers),
                "--kube-api-qps=100",
                "--kube-api-burst=200")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    return new TestControllerManager(process, log);
  }

  /** Where it logs. */
  public Path log() {
    return log;
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** SIGTERM, then SIGKILL after 10 s; the log is kept only if it died on its own. */
  @Override
  public void close() throws IOException {
    boolean diedOnItsOwn = !process.isAlive();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    if (!diedOnItsOwn) {
      Files.deleteIfExists(log);
    }
  }
}
