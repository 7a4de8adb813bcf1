package dev.lethe.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class MachineTest {
  @Test
  void theCpuIsTheKernelsModelName() {
    List<String> cpuinfo =
        List.of(
            "processor\t: 0",
            "vendor_id\t: GenuineIntel",
            "model name\t: Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz",
            "model name\t: another");

    assertThat(Machine.cpuModel(cpuinfo)).isEqualTo("Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz");
    assertThat(Machine.cpuModel(List.of())).isEqualTo("unknown CPU");
  }

  @Test
  void memoryIsMemTotalInGib() {
    assertThat(Machine.memoryGib(List.of("MemFree: 1 kB", "MemTotal:       25165824 kB")))
        .isCloseTo(24.0, within(1e-9));
    assertThat(Machine.memoryGib(List.of())).isZero();
  }

  @Test
  void thisMachineIsDescribedOnOneLine() {
    Machine machine = Machine.current();

    assertThat(machine.cores()).isPositive();
    assertThat(machine.describe())
        .contains(machine.cores() + " cores", System.getProperty("java.version"))
        .doesNotContain("\n");
  }
}
