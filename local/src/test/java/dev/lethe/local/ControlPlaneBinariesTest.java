package dev.lethe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlPlaneBinariesTest {
  @Test
  void binariesAreWhereKubeApiTestLooks() {
    assertThat(ControlPlaneBinaries.of("1.34.4", Map.of("KUBE_API_TEST_DIR", "/cache")).directory())
        .isEqualTo(Path.of("/cache/k8s/1.34.4-linux-amd64"));
  }

  @Test
  void aMissingBinarySaysHowToBuildIt(@TempDir Path dir) {
    ControlPlaneBinaries none = new ControlPlaneBinaries(dir, "1.34.4");

    assertThatThrownBy(() -> none.require("kube-controller-manager"))
        .hasMessage(
            "kube-controller-manager 1.34.4 is missing from "
                + dir
                + ": build it with `make control-plane` (hack/build-control-plane.sh)");
  }
}
