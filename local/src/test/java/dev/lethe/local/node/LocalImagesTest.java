package dev.lethe.local.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalImagesTest {
  final LocalImages images = new LocalImages(Map.of("lethe-trainer", List.of("/bin/echo")));

  @Test
  void anImageMatchesByItsNameWhateverItsRegistryTagOrDigest() throws Exception {
    for (String image :
        List.of(
            "lethe-trainer",
            "lethe-trainer:dev",
            "ghcr.io/lethe/lethe-trainer:0.1.0",
            "localhost:5000/lethe-trainer@sha256:abc")) {
      assertThat(images.command(image, null, List.of("run", "--config", "/etc/lethe/job.json")))
          .as(image)
          .containsExactly("/bin/echo", "run", "--config", "/etc/lethe/job.json");
    }
  }

  @Test
  void anotherImageOrAnOverriddenEntrypointCannotStart() {
    assertThatThrownBy(() -> images.command("lethe-operator:dev", null, List.of()))
        .isInstanceOf(CannotStart.class)
        .hasMessage(
            "the local node agent runs only lethe-trainer images (as local processes), not"
                + " lethe-operator:dev");
    assertThatThrownBy(() -> images.command("lethe-trainer:dev", List.of("/bin/sh"), List.of()))
        .hasMessage(
            "the local node agent runs an image's own entrypoint; the container's command"
                + " [/bin/sh] cannot be run");
  }

  @Test
  void theTrainerImageNeedsTheBuiltJar() {
    LocalImages trainer = LocalImages.trainer(Path.of("/nowhere/lethe-trainer.jar"));

    assertThatThrownBy(() -> trainer.command("lethe-trainer:dev", null, List.of()))
        .hasMessage(
            "lethe-trainer:dev is built locally as /nowhere/lethe-trainer.jar, which is missing:"
                + " build it with `make demo`");
  }
}
