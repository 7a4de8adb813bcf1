package dev.lethe.local;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.lethe.api.v1alpha1.JobResult;
import dev.lethe.api.v1alpha1.UnlearningJob;
import dev.lethe.operator.model.TrainerJobModel;
import dev.lethe.trainer.lora.PeftAdapterReader;
import dev.lethe.trainer.model.LlamaModel;
import dev.lethe.trainer.model.Projection;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Pod;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo, end to end, as {@code make demo} runs it: a real control plane, the operator from its
 * jar, the node agent running the trainer jar as a process, the demo's memorised model and its
 * SimNPO job. The job must succeed having forgotten the forget set and kept the retain set, its
 * adapter must load onto the model, and nothing may be left running afterwards.
 */
class LocalDemoIT {
  static final String VERSION = System.getProperty("lethe.kubernetes.version", "");

  @Test
  void theDemoJobForgetsTheTwoAuthorsKeepsTheOthersAndLeavesNothingRunning(@TempDir Path dir)
      throws Exception {
    LocalSettings settings =
        new LocalSettings(LocalSettings.thisCheckout(), new LocalHome(dir), 1, freePort(), VERSION);
    UnlearningJob done;
    Pod trainer;
    try (LocalInstance instance = LocalInstance.claim(settings.home(), System.out::println);
        LocalCluster cluster = LocalCluster.start(settings)) {
      done =
          new Demo(cluster, DemoModel.defaultCache(System.getenv()), System.out)
              .run(Duration.ofMinutes(8));
      trainer =
          cluster
              .client()
              .pods()
              .inNamespace(Demo.NAMESPACE)
              .withLabel(TrainerJobModel.JOB_LABEL, Demo.JOB)
              .list()
              .getItems()
              .get(0);
    }

    assertThat(Demo.succeeded(done))
        .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("Completed"));
    assertThat(done.getStatus().progress().percent()).isEqualTo(100);
    JobResult result = done.getStatus().result();
    Map<String, Double> before = result.before();
    Map<String, Double> after = result.after();
    assertThat(before.get("forget.tokenAccuracy")).as("memorised").isGreaterThan(0.95);
    assertThat(after.get("forget.tokenAccuracy"))
        .as("forgotten")
        .isLessThan(0.5 * before.get("forget.tokenAccuracy"));
    assertThat(after.get("forget.nll")).isGreaterThan(before.get("forget.nll") + 1.0);
    assertThat(after.get("retain.tokenAccuracy"))
        .as("kept")
        .isGreaterThanOrEqualTo(0.95 * before.get("retain.tokenAccuracy"));
    assertThat(after.get("retain.nll")).isLessThan(before.get("retain.nll") + 0.3);
    assertThat(result.gates()).hasSize(2).allMatch(JobResult.GateResult::passed);

    ContainerStateTerminated ended =
        trainer.getStatus().getContainerStatuses().get(0).getState().getTerminated();
    assertThat(trainer.getStatus().getPhase()).isEqualTo("Succeeded");
    assertThat(trainer.getStatus().getPodIP()).startsWith("127.0.0.");
    assertThat(ended.getExitCode()).isZero();
    assertThat(ended.getMessage()).contains("\"adapterPath\"");

    Path adapter =
        settings
            .home()
            .claim(Demo.NAMESPACE, "adapters")
            .resolve(Demo.JOB)
            .resolve(result.adapterPath());
    Path model = settings.home().claim(Demo.NAMESPACE, "models").resolve(Demo.MODEL_PATH);
    try (NDManager manager = NDManager.newBaseManager();
        LlamaModel loaded = LlamaModel.load(model, manager, DataType.FLOAT32)) {
      PeftAdapterReader.read(adapter, loaded);
      List<Projection> adapted =
          loaded.projections().stream().filter(p -> p.adapter() != null).toList();
      assertThat(adapted)
          .as("rank-8 adapters on all seven linear layers of both blocks")
          .hasSize(14);
    }

    long trainerPid =
        Long.parseLong(
            trainer
                .getStatus()
                .getContainerStatuses()
                .get(0)
                .getContainerID()
                .replaceFirst(".*://", ""));
    assertThat(ProcessHandle.of(trainerPid).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive))
        .as("etcd, kube-apiserver, kube-controller-manager, the operator and trainers all stopped")
        .isEmpty();
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
