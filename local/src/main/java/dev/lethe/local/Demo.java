package dev.lethe.local;

import dev.lethe.api.v1alpha1.Conditions;
import dev.lethe.api.v1alpha1.JobResult;
import dev.lethe.api.v1alpha1.UnlearningJob;
import dev.lethe.operator.model.TrainerJobModel;
import dev.lethe.operator.status.JobLifecycle;
import io.fabric8.kubernetes.api.model.Condition;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The demo on a running {@link LocalCluster}: the memorised model into the {@code models} claim,
 * {@code kubectl apply -f examples/demo/}, {@code kubectl get uj -w} until the job ends, then what
 * it forgot and kept, and where its adapter and report are.
 */
public final class Demo {
  public static final String NAMESPACE = "default";
  public static final String JOB = "forget-two-authors";

  /** The model's place in the {@code models} claim, as examples/demo/job.yaml names it. */
  static final String MODEL_PATH = "tiny-llama-facts";

  static final List<String> SHOWN =
      List.of(
          "forget.tokenAccuracy",
          "forget.rougeL",
          "forget.nll",
          "retain.tokenAccuracy",
          "retain.rougeL",
          "retain.nll",
          "modelUtility");

  private final LocalCluster cluster;
  private final Path cache;
  private final PrintStream out;

  public Demo(LocalCluster cluster, Path cache, PrintStream out) {
    this.cluster = cluster;
    this.cache = cache;
    this.out = out;
  }

  /** Runs the demo job to its end and returns it as it ended. */
  public UnlearningJob run(Duration timeout) throws IOException, InterruptedException {
    LocalSettings settings = cluster.settings();
    Path model = DemoModel.prepare(settings, cache, this::say);
    Path claimed = settings.home().claim(NAMESPACE, "models").resolve(MODEL_PATH);
    copyModel(model, claimed);
    say("the model is in the `models` claim: " + claimed);

    say("kubectl apply -f examples/demo/");
    int applied =
        kubectl("apply", "-f", settings.repo().resolve("examples/demo").toString()).waitFor();
    if (applied != 0) {
      throw new IllegalStateException("kubectl apply failed with exit code " + applied);
    }
    say("kubectl get uj -w");
    Process watch = kubectl("get", "uj", "-w");
    UnlearningJob done;
    try {
      done = awaitEnd(timeout);
      Thread.sleep(1500); // kubectl prints the last change
    } finally {
      watch.destroy();
      watch.waitFor();
    }
    report(done);
    return done;
  }

  private UnlearningJob awaitEnd(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      UnlearningJob job =
          cluster
              .client()
              .resources(UnlearningJob.class)
              .inNamespace(NAMESPACE)
              .withName(JOB)
              .get();
      if (job != null && JobLifecycle.finished(job)) {
        return job;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the demo job did not end within "
                + timeout
                + "; its status: "
                + (job == null ? "none" : job.getStatus())
                + "; logs in "
                + cluster.settings().home().logs());
      }
      Thread.sleep(500);
    }
  }

  /** The job's Succeeded condition: True or False once it ended. */
  static Optional<Condition> succeeded(UnlearningJob job) {
    return JobLifecycle.condition(job.getStatus(), Conditions.SUCCEEDED);
  }

  private void report(UnlearningJob job) {
    Condition succeeded = succeeded(job).orElseThrow();
    JobResult result = job.getStatus().result();
    out.println();
    out.printf(
        "%s %s: %s%n",
        JOB,
        succeeded.getStatus().equals("True")
            ? "succeeded"
            : "failed (" + succeeded.getReason() + ")",
        succeeded.getMessage());
    if (result == null) {
      return;
    }
    out.printf("%n  %-22s %8s %8s%n", "", "before", "after");
    for (String metric : SHOWN) {
      out.printf(
          "  %-22s %8.3f %8.3f%n", metric, result.before().get(metric), result.after().get(metric));
    }
    if (result.gates() != null) {
      for (JobResult.GateResult g : result.gates()) {
        out.printf(
            "  gate %s %s: %.3f, %s%n",
            g.metric(), g.bound(), g.value(), g.passed() ? "passed" : "NOT passed");
      }
    }
    Path output = cluster.settings().home().claim(NAMESPACE, "adapters").resolve(JOB);
    out.printf(
        "%n  adapter (Hugging Face PEFT layout): %s%n", output.resolve(result.adapterPath()));
    out.printf("  report:                             %s%n", output.resolve("report.json"));
    cluster
        .client()
        .pods()
        .inNamespace(NAMESPACE)
        .withLabel(TrainerJobModel.JOB_LABEL, JOB)
        .list()
        .getItems()
        .stream()
        .map(
            p ->
                cluster
                    .settings()
                    .home()
                    .pod(NAMESPACE, p.getMetadata().getName())
                    .resolve(TrainerJobModel.CONTAINER + ".log"))
        .forEach(log -> out.printf("  trainer log:                        %s%n", log));
  }

  private Process kubectl(String... args) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                cluster.settings().binaries().require("kubectl").toString(),
                "--kubeconfig",
                cluster.settings().home().kubeconfig().toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Thread copy =
        new Thread(
            () -> {
              try {
                process.getInputStream().transferTo(out);
              } catch (IOException closed) {
                // the process ended
              }
            },
            "kubectl-output");
    copy.setDaemon(true);
    copy.start();
    return process;
  }

  private void say(String line) {
    out.println("==> " + line);
  }

  private static void copyModel(Path from, Path to) throws IOException {
    DirectoryTree.delete(to);
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
