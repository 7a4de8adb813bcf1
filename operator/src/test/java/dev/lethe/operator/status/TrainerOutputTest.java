package dev.lethe.operator.status;

import static dev.lethe.operator.status.JobStateTest.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.contract.ContractJson;
import dev.lethe.contract.ExitCode;
import dev.lethe.contract.Result;
import org.junit.jupiter.api.Test;

/** The termination message as the trainer writes it, and as a crash leaves it. */
class TrainerOutputTest {
  @Test
  void aRunningPodHasNoOutput() {
    assertThat(TrainerOutput.of(pod("Running", null, null, null))).isEqualTo(TrainerOutput.NONE);
    assertThat(TrainerOutput.of(null)).isEqualTo(TrainerOutput.NONE);
  }

  @Test
  void theResultIsRead() {
    TrainerOutput output =
        TrainerOutput.of(
            pod(
                "Failed",
                13,
                "Error",
                ContractJson.writeResult(
                    new Result(13, "gates not met", "adapter", null, null, null, 40L, 9.0))));

    assertThat(output.exitCode()).contains(ExitCode.EVALUATION_GATES_NOT_MET);
    assertThat(output.message()).contains("gates not met");
    assertThat(output.result().steps()).isEqualTo(40);
    assertThat(output.unreadable()).isNull();
  }

  @Test
  void aContractCodeWithoutAReadableResultIsReported() {
    assertThat(TrainerOutput.of(pod("Failed", 11, "Error", "x".repeat(300))).unreadable())
        .startsWith("the trainer's result could not be read (")
        .endsWith("x".repeat(200) + " ...");
    assertThat(TrainerOutput.of(pod("Failed", 11, "Error", null)).unreadable())
        .isEqualTo("the trainer exited 11 without a result");
  }

  @Test
  void aCrashLeavesLogLinesThatAreNotAProblem() {
    TrainerOutput crash =
        TrainerOutput.of(
            pod("Failed", 134, "Error", "# A fatal error has been detected by the JRE"));

    assertThat(crash.result()).isNull();
    assertThat(crash.unreadable()).isNull();
    assertThat(crash.exitCode()).isEmpty();
  }
}
