package dev.lethe.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.contract.Result.GateOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ResultTest {

  /** Every metric before and after, and a gate on every one the API allows: the largest result. */
  static Result largestResult(String message) {
    Map<String, Double> values =
        Arrays.stream(Metric.values())
            .collect(Collectors.toMap(Metric::key, m -> -1.2345678901234567e-123));
    List<GateOutcome> gates =
        Arrays.stream(Metric.values())
            .limit(Limits.MAX_GATES)
            .map(
                m ->
                    new GateOutcome(
                        new Gate(m, -1e-100, 1e100, 0.123456789), -1.2345678901234567e-123, false))
            .toList();
    return new Result(
        ExitCode.EVALUATION_GATES_NOT_MET.code(),
        message,
        "forget-author-17-with-a-long-name-of-fifty-five-characters/adapter",
        values,
        values,
        gates,
        123456789L,
        123456.789);
  }

  @Test
  void resultSurvivesAJsonRoundTrip() {
    Result result = largestResult("gates not met: forget.rougeL 0.41 > 0.3");

    assertThat(ContractJson.read(ContractJson.write(result), Result.class)).isEqualTo(result);
  }

  @Test
  void theLargestResultFitsTheTerminationMessage() {
    String json = ContractJson.writeResult(largestResult("gates not met"));

    assertThat(json.getBytes(StandardCharsets.UTF_8))
        .hasSizeLessThanOrEqualTo(Limits.MAX_RESULT_BYTES);
  }

  @Test
  void aLongMessageIsShortenedToFitAndTheFiguresAreKept() {
    Result result = largestResult("ä".repeat(5000));

    String json = ContractJson.writeResult(result);
    Result read = ContractJson.read(json, Result.class);

    assertThat(json.getBytes(StandardCharsets.UTF_8))
        .hasSizeLessThanOrEqualTo(Limits.MAX_RESULT_BYTES);
    assertThat(read.message()).endsWith(" ...").startsWith("ää");
    assertThat(read.after()).isEqualTo(result.after());
    assertThat(read.gates()).isEqualTo(result.gates());
  }

  @Test
  void aDocumentThatIsNotAResultIsRefusedSayingWhereAndQuotingNothing() {
    assertThatThrownBy(
            () ->
                ContractJson.read(
                    "{\"exitCode\": 11,\n \"message\": sk_live_51Hsecret}", Result.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not valid JSON (a word that is not a JSON value) at line 2, column 30")
        .hasNoCause();
    assertThatThrownBy(
            () -> ContractJson.read("{\"exitCode\": 11, \"sk_live_51Hsecret\": 1}", Result.class))
        .hasMessage(
            "a field that is not allowed here (allowed: adapterPath, after, before,"
                + " durationSeconds, exitCode, gates, message, steps) at line 1, column 41")
        .hasNoCause();
    assertThatThrownBy(
            () ->
                ContractJson.read(
                    "{\"exitCode\": 11, \"message\": \"sk_live_51Hsecret", Result.class))
        .hasMessage("not valid JSON (it ends too early) at line 1, column 47")
        .hasNoCause();
    assertThatThrownBy(
            () -> ContractJson.read("{\"exitCode\": \"sk_live_51Hsecret\"}", Result.class))
        .hasMessage("a value of the wrong type (expected a number) at line 1, column 14")
        .hasNoCause();
  }

  @Test
  void progressSurvivesAJsonRoundTripAndKnowsItsPercent() {
    Progress progress =
        new Progress(
            "unlearn",
            120,
            400,
            1.5,
            0.9,
            3.1,
            0.52,
            2e-5,
            5120.0,
            610L,
            Instant.parse("2026-11-22T10:15:30Z"));

    String json = ContractJson.write(progress);

    assertThat(ContractJson.read(json, Progress.class)).isEqualTo(progress);
    assertThat(json).contains("\"updatedAt\":\"2026-11-22T10:15:30Z\"");
    assertThat(progress.percent()).isEqualTo(30);
  }
}
