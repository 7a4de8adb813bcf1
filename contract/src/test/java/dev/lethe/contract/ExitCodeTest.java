package dev.lethe.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ExitCodeTest {

  @Test
  void codesAndReasonsAreThoseOfTheArchitectureTable() {
    assertThat(Arrays.stream(ExitCode.values()).map(e -> e.code() + " " + e.reason()))
        .containsExactly(
            "0 Completed",
            "10 InvalidConfig",
            "11 InvalidData",
            "12 ModelLoadFailed",
            "13 EvaluationGatesNotMet",
            "14 TrainingDiverged");
  }

  @Test
  void anUnknownStatusIsNoContractCode() {
    assertThat(ExitCode.of(11)).contains(ExitCode.INVALID_DATA);
    assertThat(ExitCode.of(137)).isEmpty();
    assertThat(ExitCode.of(1)).isEmpty();
  }

  @Test
  void everyFailureCodeIsPermanent() {
    assertThat(Arrays.stream(ExitCode.values()).filter(ExitCode::isPermanentFailure))
        .containsExactly(
            ExitCode.INVALID_CONFIG,
            ExitCode.INVALID_DATA,
            ExitCode.MODEL_LOAD_FAILED,
            ExitCode.EVALUATION_GATES_NOT_MET,
            ExitCode.TRAINING_DIVERGED);
  }
}
