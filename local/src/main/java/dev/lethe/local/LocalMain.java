package dev.lethe.local;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code java -jar local/target/lethe-local.jar demo|up|down} ({@link LocalCommandLine}): Lethe on
 * this machine ({@code make demo} and {@code make demo-down} run it). Everything it starts stops on
 * Ctrl-C, on {@code down}, or when a demo run with {@code --exit} ends.
 */
public final class LocalMain {
  static final Duration DEMO_TIMEOUT = Duration.ofMinutes(10);

  private LocalMain() {}

  public static void main(String[] args) {
    System.exit(LocalCommandLine.create(LocalSettings.thisCheckout()).execute(args));
  }

  /**
   * Starts Lethe and, for the demo, the job; returns the exit code or waits for Ctrl-C. Its log
   * goes below the home, beside the others.
   */
  static int start(LocalSettings settings, boolean demo, boolean exitWhenDone)
      throws IOException, InterruptedException {
    Files.createDirectories(settings.home().logs());
    System.setProperty(
        "org.slf4j.simpleLogger.logFile",
        settings.home().logs().resolve("lethe-local.log").toString());
    LocalInstance instance;
    try {
      instance = LocalInstance.claim(settings.home(), line -> say(line));
    } catch (IllegalStateException e) {
      System.err.println("lethe-local: " + e.getMessage());
      return 3;
    }
    AtomicReference<LocalCluster> started = new AtomicReference<>();
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> stop(started.get(), instance), "lethe-local-stop"));
    long begin = System.nanoTime();
    say(
        "starting Kubernetes "
            + settings.kubernetesVersion()
            + " (etcd, kube-apiserver, kube-controller-manager), the local node agent and the"
            + " operator");
    try {
      started.set(LocalCluster.start(settings));
    } catch (IllegalStateException e) {
      System.err.println("lethe-local: " + e.getMessage());
      return 3;
    }
    say(
        String.format(
            "up in %.0f s: export KUBECONFIG=%s (logs: %s)",
            seconds(begin), settings.home().kubeconfig(), settings.home().logs()));
    if (demo) {
      boolean succeeded;
      try {
        succeeded =
            Demo.succeeded(
                    new Demo(started.get(), DemoModel.defaultCache(System.getenv()), System.out)
                        .run(DEMO_TIMEOUT))
                .map(c -> c.getStatus().equals("True"))
                .orElse(false);
      } catch (IllegalStateException e) {
        System.err.println("lethe-local: " + e.getMessage());
        return 1;
      }
      say(String.format("the demo took %.0f s in all", seconds(begin)));
      if (exitWhenDone) {
        return succeeded ? 0 : 1;
      }
    }
    String look =
        demo
            ? "kubectl get uj " + Demo.JOB + " -o yaml"
            : "kubectl apply -f my-job.yaml   # claim C of namespace N is "
                + settings.home().claims()
                + "/N/C/";
    say(
        "Lethe keeps running so that you can look around, e.g.\n"
            + "      export KUBECONFIG="
            + settings.home().kubeconfig()
            + "\n      kubectl get uj,jobs,pods,nodes -o wide\n      "
            + look
            + "\n      curl -s localhost:"
            + settings.operatorPort()
            + "/metrics | grep ^lethe_\n"
            + "    Ctrl-C here (or `make demo-down` elsewhere) stops everything.");
    Thread.currentThread().join();
    return 0;
  }

  private static void stop(LocalCluster cluster, LocalInstance instance) {
    say("stopping everything local Lethe started");
    if (cluster != null) {
      cluster.close();
    }
    try {
      instance.close();
    } catch (IOException e) {
      System.err.println("lethe-local: " + e.getMessage());
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static void say(String line) {
    System.out.println("==> " + line);
  }
}
