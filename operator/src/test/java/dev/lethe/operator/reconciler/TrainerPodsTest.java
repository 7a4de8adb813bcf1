package dev.lethe.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which pod to ask, and where. */
class TrainerPodsTest {
  static Pod pod(String name, String created, String phase, String ip, Integer port) {
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withCreationTimestamp(created)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("trainer")
            .endContainer()
            .endSpec()
            .withNewStatus()
            .withPhase(phase)
            .withPodIP(ip)
            .endStatus();
    Pod built = pod.build();
    if (port != null) {
      built
          .getSpec()
          .getContainers()
          .get(0)
          .setPorts(
              List.of(
                  new io.fabric8.kubernetes.api.model.ContainerPortBuilder()
                      .withName("metrics")
                      .withContainerPort(port)
                      .build()));
    }
    return built;
  }

  @Test
  void theNewestPodIsTheOneThatMatters() {
    Pod first = pod("j-0", "2026-11-22T10:00:00Z", "Failed", "10.0.0.1", null);
    Pod retry = pod("j-1", "2026-11-22T10:05:00Z", "Running", "10.0.0.2", null);

    assertThat(TrainerPods.latest(List.of(retry, first))).contains(retry);
    assertThat(TrainerPods.latest(List.of())).isEmpty();
  }

  @Test
  void onlyARunningPodWithAnAddressIsAsked() {
    assertThat(TrainerPods.running(pod("a", null, "Running", "10.0.0.2", null))).isTrue();
    assertThat(TrainerPods.running(pod("a", null, "Running", null, null))).isFalse();
    assertThat(TrainerPods.running(pod("a", null, "Pending", "10.0.0.2", null))).isFalse();
  }

  @Test
  void theProgressPortIsTheOneTheContainerDeclares() {
    assertThat(TrainerPods.progressPort(pod("a", null, "Running", "10.0.0.2", 19464)))
        .isEqualTo(19464);
    assertThat(TrainerPods.progressPort(pod("a", null, "Running", "10.0.0.2", null)))
        .isEqualTo(9464);
    assertThat(TrainerProgress.uri("10.0.0.2", 9464).toString())
        .isEqualTo("http://10.0.0.2:9464/progress");
    assertThat(TrainerProgress.uri("fd00::7", 9464).toString())
        .isEqualTo("http://[fd00::7]:9464/progress");
  }
}
