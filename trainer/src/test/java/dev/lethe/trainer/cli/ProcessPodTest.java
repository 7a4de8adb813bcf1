package dev.lethe.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessPodTest {

  @Test
  void inAContainerPathsAndTheAddressAreUsedAsTheyAre() {
    ProcessPod pod = ProcessPod.fromEnvironment(Map.of(), "0.0.0.0");

    assertThat(pod.path("/etc/lethe/job.json")).isEqualTo("/etc/lethe/job.json");
    assertThat(pod.bindAddress()).isEqualTo("0.0.0.0");
  }

  @Test
  void underTheLocalNodeAgentPodPathsAreTakenUnderItsRootAndTheAddressIsThePodIp() {
    ProcessPod pod =
        ProcessPod.fromEnvironment(
            Map.of("LETHE_POD_ROOT", "/var/lethe/pods/p1/root", "LETHE_POD_IP", "127.0.0.7"),
            "0.0.0.0");

    assertThat(pod.path("/etc/lethe/job.json"))
        .isEqualTo("/var/lethe/pods/p1/root/etc/lethe/job.json");
    assertThat(pod.path("relative/file")).isEqualTo("relative/file");
    assertThat(pod.bindAddress()).isEqualTo("127.0.0.7");
  }
}
