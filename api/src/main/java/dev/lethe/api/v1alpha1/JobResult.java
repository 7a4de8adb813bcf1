package dev.lethe.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

/** What the trainer reported when it ended; see the contract's Result record. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobResult(
    @JsonPropertyDescription("The trainer's exit code.") Integer exitCode,
    @JsonPropertyDescription("The trainer's one-line summary.") String message,
    @JsonPropertyDescription("Where the adapter is, inside the output claim.") String adapterPath,
    @JsonPropertyDescription("Metrics before unlearning, by name.") Map<String, Double> before,
    @JsonPropertyDescription("Metrics after unlearning, by name.") Map<String, Double> after,
    @JsonPropertyDescription("Each evaluation gate and whether it passed.") List<GateResult> gates,
    @JsonPropertyDescription("Optimiser steps taken.") Long steps,
    @JsonPropertyDescription("Wall time of the trainer run.") Double durationSeconds) {

  /** One gate's outcome. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record GateResult(
      @JsonPropertyDescription("The metric.") String metric,
      @JsonPropertyDescription("Its value after unlearning.") Double value,
      @JsonPropertyDescription("The bound, e.g. 'max 0.3' or 'minRatio 0.95'.") String bound,
      @JsonPropertyDescription("Whether the gate passed.") Boolean passed) {}
}
