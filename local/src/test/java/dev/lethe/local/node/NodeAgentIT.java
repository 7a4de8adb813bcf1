package dev.lethe.local.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lethe.local.ControlPlaneBinaries;
import dev.lethe.local.LocalControlPlane;
import dev.lethe.local.LocalHome;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node agent against a real API server, running pods of an image mapped to {@code /bin/sh -c}:
 * what it binds and what it refuses, the files a pod sees, the statuses it writes, and that a
 * deleted pod's processes end.
 */
class NodeAgentIT {
  static final String VERSION = System.getProperty("lethe.kubernetes.version", "");
  static final String NS = "default";

  @TempDir static Path dir;
  static LocalControlPlane plane;
  static KubernetesClient client;
  static LocalHome home;
  static NodeAgent agent;

  @BeforeAll
  static void start() throws Exception {
    plane =
        LocalControlPlane.start(
            ControlPlaneBinaries.of(VERSION, System.getenv()),
            dir.resolve("kubeconfig"),
            dir.resolve("logs"));
    client = plane.client();
    home = new LocalHome(dir.resolve("home"));
    agent =
        NodeAgent.start(
            client,
            new LocalNode(LocalNode.NAME, new NodeResources(2000, 4L << 30, 1)),
            new LocalImages(Map.of("shell", List.of("/bin/sh", "-c"))),
            home);
  }

  @AfterAll
  static void stop() {
    agent.close();
    client.close();
    plane.close();
  }

  static PodBuilder shell(String name, String script) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName("main")
        .withImage("registry.example.com/tools/shell:1.0")
        .withArgs(script)
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .endContainer()
        .endSpec();
  }

  static Pod create(PodBuilder pod) {
    return client.pods().inNamespace(NS).resource(pod.build()).create();
  }

  static Pod awaitPod(String name, Predicate<Pod> condition) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> client.pods().inNamespace(NS).withName(name).get(),
            p -> p != null && condition.test(p));
  }

  static String phase(Pod p) {
    return p.getStatus() == null ? null : p.getStatus().getPhase();
  }

  static ContainerState state(Pod p) {
    return p.getStatus().getContainerStatuses().get(0).getState();
  }

  @Test
  void aPodRunsAsAProcessThatSeesItsVolumesAndItsTerminationMessageIsReported() throws Exception {
    client
        .configMaps()
        .inNamespace(NS)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("greeting")
                .endMetadata()
                .addToData("hello.txt", "hello from a ConfigMap")
                .build())
        .create();
    client
        .secrets()
        .inNamespace(NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("token")
                .endMetadata()
                .addToStringData("token", " and a Secret")
                .build())
        .create();
    create(
        shell(
                "reader",
                "cat $LETHE_POD_ROOT/etc/greeting/hello.txt $LETHE_POD_ROOT/etc/token/t"
                    + " > $LETHE_POD_ROOT/dev/termination-log;"
                    + " echo $POD_NAME at $LETHE_POD_IP > $LETHE_POD_ROOT/work/out.txt;"
                    + " echo done")
            .editSpec()
            .editFirstContainer()
            .addNewEnv()
            .withName("POD_NAME")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.name")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewVolumeMount()
            .withName("greeting")
            .withMountPath("/etc/greeting")
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("work")
            .withMountPath("/work")
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("token")
            .withMountPath("/etc/token")
            .endVolumeMount()
            .endContainer()
            .addNewVolume()
            .withName("greeting")
            .withNewConfigMap()
            .withName("greeting")
            .endConfigMap()
            .endVolume()
            .addNewVolume()
            .withName("token")
            .withNewSecret()
            .withSecretName("token")
            .addNewItem()
            .withKey("token")
            .withPath("t")
            .endItem()
            .endSecret()
            .endVolume()
            .addNewVolume()
            .withName("work")
            .withNewPersistentVolumeClaim()
            .withClaimName("scratch")
            .endPersistentVolumeClaim()
            .endVolume()
            .endSpec());

    Pod done = awaitPod("reader", p -> "Succeeded".equals(phase(p)));

    assertThat(done.getSpec().getNodeName()).isEqualTo(LocalNode.NAME);
    assertThat(done.getStatus().getPodIP()).matches("127\\.0\\.0\\.\\d+");
    assertThat(state(done).getTerminated().getExitCode()).isZero();
    assertThat(state(done).getTerminated().getMessage())
        .isEqualTo("hello from a ConfigMap and a Secret");
    assertThat(Files.readString(home.claim(NS, "scratch").resolve("out.txt")))
        .isEqualTo("reader at " + done.getStatus().getPodIP() + "\n");
    assertThat(Files.readString(home.pod(NS, "reader").resolve("main.log"))).isEqualTo("done\n");
  }

  @Test
  void aFailedContainerWithoutAMessageReportsTheTailOfItsLog() {
    create(shell("failing", "echo the model file is corrupt; exit 3"));

    Pod failed = awaitPod("failing", p -> "Failed".equals(phase(p)));

    assertThat(state(failed).getTerminated().getExitCode()).isEqualTo(3);
    assertThat(state(failed).getTerminated().getReason()).isEqualTo("Error");
    assertThat(state(failed).getTerminated().getMessage()).isEqualTo("the model file is corrupt");
  }

  @Test
  void deletingARunningPodEndsItsProcessAndWhatItStarted() {
    create(shell("sleeper", "sleep 600 & wait"));
    Pod running = awaitPod("sleeper", p -> "Running".equals(phase(p)));
    long pid =
        Long.parseLong(
            running
                .getStatus()
                .getContainerStatuses()
                .get(0)
                .getContainerID()
                .replaceFirst(".*://", ""));
    ProcessHandle shell = ProcessHandle.of(pid).orElseThrow();
    List<ProcessHandle> children = shell.descendants().toList();
    assertThat(children).as("the sleep").isNotEmpty();

    client.pods().inNamespace(NS).withName("sleeper").delete();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> client.pods().inNamespace(NS).withName("sleeper").get() == null);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(shell.isAlive()).isFalse();
              assertThat(children).noneMatch(ProcessHandle::isAlive);
            });
  }

  @Test
  void aPodThatDoesNotFitStaysPendingWithTheSchedulersReason() {
    create(
        shell("greedy", "true")
            .editSpec()
            .editFirstContainer()
            .withNewResources()
            .addToLimits("nvidia.com/gpu", new Quantity("2"))
            .endResources()
            .endContainer()
            .endSpec());

    Pod pending =
        awaitPod(
            "greedy",
            p ->
                p.getStatus().getConditions() != null
                    && p.getStatus().getConditions().stream()
                        .anyMatch(c -> "Unschedulable".equals(c.getReason())));

    PodCondition scheduled = pending.getStatus().getConditions().get(0);
    assertThat(scheduled.getType()).isEqualTo("PodScheduled");
    assertThat(scheduled.getMessage())
        .isEqualTo("0/1 nodes are available: 1 Insufficient nvidia.com/gpu.");
    assertThat(pending.getSpec().getNodeName()).isNull();
  }

  @Test
  void anImageThisMachineCannotRunWaitsAndSaysWhichImagesItRuns() {
    create(
        shell("web", "true")
            .editSpec()
            .editFirstContainer()
            .withImage("nginx:1.27")
            .endContainer()
            .endSpec());

    Pod waiting =
        awaitPod(
            "web",
            p ->
                p.getStatus().getContainerStatuses() != null
                    && !p.getStatus().getContainerStatuses().isEmpty()
                    && state(p).getWaiting() != null);

    assertThat(waiting.getSpec().getNodeName()).isEqualTo(LocalNode.NAME);
    assertThat(state(waiting).getWaiting().getReason()).isEqualTo("ErrImagePull");
    assertThat(state(waiting).getWaiting().getMessage())
        .isEqualTo(
            "the local node agent runs only shell images (as local processes), not nginx:1.27");
  }

  @Test
  void theNodeDeclaresItsCapacityAndIsReady() {
    var node = client.nodes().withName(LocalNode.NAME).get();

    assertThat(node.getStatus().getCapacity())
        .containsEntry("cpu", new Quantity("2"))
        .containsEntry("nvidia.com/gpu", new Quantity("1"));
    assertThat(node.getStatus().getConditions())
        .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Ready=True"));
  }
}
