package dev.lethe.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code java -jar local/target/lethe-local.jar demo|up|down}: Lethe on this machine ({@code make
 * demo} and {@code make demo-down} run it). Everything it starts stops on Ctrl-C, on {@code down},
 * or when a demo run with {@code --exit} ends.
 */
public final class LocalMain {
  static final String USAGE =
      """
      usage: lethe-local demo [--exit] [options]  start Lethe here and run the demo job
             lethe-local up [options]             start Lethe here; apply your own jobs with kubectl
             lethe-local down [--home DIR]        stop what demo or up started

      options:
        --home DIR            where kubeconfig, logs, claims and pods go (default .lethe)
        --gpus N              fake nvidia.com/gpu the local node declares (default 0)
        --operator-port PORT  the operator's /metrics, /healthz, /readyz (default 8080)
        --exit                demo only: stop everything when the job ends (exit 0 if it succeeded)
      """;

  static final Duration DEMO_TIMEOUT = Duration.ofMinutes(10);

  private LocalMain() {}

  /** The command line: a command and its options. */
  record Command(String name, LocalSettings settings, boolean exitWhenDone) {
    static Command parse(List<String> args, Path repo) {
      if (args.isEmpty() || !List.of("demo", "up", "down").contains(args.get(0))) {
        throw new IllegalArgumentException(
            args.isEmpty() ? "a command is needed" : "unknown command " + args.get(0));
      }
      Path home = Path.of(".lethe");
      int gpus = 0;
      int port = LocalSettings.DEFAULT_OPERATOR_PORT;
      boolean exit = false;
      for (int i = 1; i < args.size(); i++) {
        String flag = args.get(i);
        if (flag.equals("--exit")) {
          exit = true;
          continue;
        }
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException(flag + " needs a value");
        }
        String value = args.get(++i);
        switch (flag) {
          case "--home" -> home = Path.of(value);
          case "--gpus" -> gpus = number(flag, value, 0, 64);
          case "--operator-port" -> port = number(flag, value, 1, 65535);
          default -> throw new IllegalArgumentException("unknown option " + flag);
        }
      }
      return new Command(
          args.get(0),
          new LocalSettings(
              repo,
              new LocalHome(home.toAbsolutePath()),
              gpus,
              port,
              LocalSettings.builtForKubernetes()),
          exit);
    }

    private static int number(String flag, String value, int min, int max) {
      try {
        int n = Integer.parseInt(value);
        if (n >= min && n <= max) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(
          flag + " takes a whole number from " + min + " to " + max + ", not " + value);
    }
  }

  public static void main(String[] args) throws Exception {
    Command command;
    try {
      command = Command.parse(Arrays.asList(args), LocalSettings.thisCheckout());
    } catch (IllegalArgumentException e) {
      System.err.println("lethe-local: " + e.getMessage() + "\n\n" + USAGE);
      System.exit(2);
      return;
    }
    LocalHome home = command.settings().home();
    if (command.name().equals("down")) {
      System.out.println(LocalInstance.stop(home, Duration.ofSeconds(60)));
      return;
    }
    Files.createDirectories(home.logs());
    System.setProperty(
        "org.slf4j.simpleLogger.logFile", home.logs().resolve("lethe-local.log").toString());
    System.exit(run(command));
  }

  /** Starts Lethe and, for demo, the job; returns the exit code or waits for Ctrl-C. */
  private static int run(Command command) throws IOException, InterruptedException {
    LocalSettings settings = command.settings();
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
    if (command.name().equals("demo")) {
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
      if (command.exitWhenDone()) {
        return succeeded ? 0 : 1;
      }
    }
    String look =
        command.name().equals("demo")
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
