package dev.lethe.operator.status;

import static dev.lethe.operator.status.JobStateTest.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.contract.ContractJson;
import dev.lethe.contract.ExitCode;
import dev.lethe.contract.Gate;
import dev.lethe.contract.Limits;
import dev.lethe.contract.Metric;
import dev.lethe.contract.Result;
import dev.lethe.contract.Result.GateOutcome;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The termination message as the trainer writes it, as a crash leaves it, and as an image that is
 * not the trainer could write it: nothing but the contract's fields, bounded, reaches the status.
 */
class TrainerOutputTest {
  /** Stands for what a user's data file, or anything else the container could read, holds. */
  static final String SECRET = "sk_live_51Hsecret";

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
        .isEqualTo(
            "the trainer's result could not be read (300 bytes, not valid JSON (a word that is"
                + " not a JSON value) at line 1, column 257)");
    assertThat(TrainerOutput.of(pod("Failed", 11, "Error", null)).unreadable())
        .isEqualTo("the trainer exited 11 without a result");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "InvalidData: Unrecognized token '" + SECRET + "': was expecting (JSON String)",
        "{\"exitCode\": 11, \"message\": \"" + SECRET + "",
        "{\"exitCode\": 11, \"message\": " + SECRET + "}",
        "{\"exitCode\": \"" + SECRET + "\"}",
        "{\"exitCode\": 11, \"" + SECRET + "\": 1}",
        "{\"exitCode\": 11, \"message\": \"x\", \"leak\": \"" + SECRET + "\"}",
        "{\"exitCode\": 13, \"gates\": [{\"gate\": {\"metric\": \"" + SECRET + "\"}}]}",
      })
  void aMessageThatIsNotAResultIsNeverQuoted(String message) {
    TrainerOutput output = TrainerOutput.of(pod("Failed", 11, "Error", message));

    assertThat(output.result()).isNull();
    assertThat(output.unreadable())
        .startsWith(
            "the trainer's result could not be read ("
                + message.getBytes(StandardCharsets.UTF_8).length
                + " bytes, ")
        .contains("line 1, column ")
        .doesNotContain(SECRET)
        .doesNotContain("sk_live");
  }

  @Test
  void aResultIsCutToTheContractsBounds() {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("forget.rougeL", 0.5);
    metrics.put(SECRET, 1.0);
    metrics.put("retain.nll", Double.POSITIVE_INFINITY);
    List<GateOutcome> gates =
        Collections.nCopies(
            Limits.MAX_GATES + 4,
            new GateOutcome(new Gate(Metric.FORGET_ROUGE_L, null, 0.3, null), 0.5, false));
    Result written =
        new Result(
            13, "gates not met\n" + "x".repeat(5000), "adapter", metrics, metrics, gates, 40L, 9.0);

    Result result =
        TrainerOutput.of(pod("Failed", 13, "Error", ContractJson.write(written))).result();

    assertThat(result.message())
        .hasSize(Limits.MAX_RESULT_MESSAGE)
        .startsWith("gates not met x")
        .endsWith("x ...");
    assertThat(result.before()).containsOnlyKeys("forget.rougeL");
    assertThat(result.after()).containsOnlyKeys("forget.rougeL");
    assertThat(result.gates()).hasSize(Limits.MAX_GATES);
    assertThat(result.adapterPath()).isEqualTo("adapter");
    assertThat(result.steps()).isEqualTo(40);
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      value = {
        "adapter, adapter",
        "runs/7/adapter, runs/7/adapter",
        "/lethe/output/adapter, adapter",
        "/etc/lethe/job.json, null",
        "../data/forget, null",
        "adapter/../../data, null",
        "., null",
      })
  void anAdapterPathIsKeptOnlyInsideTheOutputVolume(String written, String kept) {
    Result result =
        TrainerOutput.of(
                pod(
                    "Succeeded",
                    0,
                    "Completed",
                    ContractJson.write(new Result(0, "ok", written, null, null, null, 1L, 1.0))))
            .result();

    assertThat(result.adapterPath()).isEqualTo(kept);
  }

  @Test
  void numbersThatAreNotFiniteAreDropped() {
    String json =
        "{\"exitCode\": 13, \"after\": {\"forget.nll\": 1e999, \"retain.nll\": 2.0},"
            + " \"gates\": [{\"gate\": {\"metric\": \"forget.nll\", \"max\": 1e999},"
            + " \"value\": 1.0, \"passed\": true}, {\"gate\": {\"metric\": \"retain.nll\","
            + " \"min\": 1.0}, \"value\": -1e999, \"passed\": false}],"
            + " \"durationSeconds\": 1e999}";

    Result result = TrainerOutput.of(pod("Failed", 13, "Error", json)).result();

    assertThat(result.after()).containsOnlyKeys("retain.nll");
    assertThat(result.gates()).singleElement().satisfies(g -> assertThat(g.value()).isNull());
    assertThat(result.durationSeconds()).isNull();
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
