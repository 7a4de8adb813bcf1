package dev.lethe.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The trainer's compact result, written to the termination-message path when it ends and copied
 * into {@code status.result} by the operator. Kubernetes keeps at most 4096 bytes of a termination
 * message: {@link ContractJson#writeResult} enforces that.
 *
 * @param exitCode the process's exit code
 * @param message one line for people: what happened, or what to fix
 * @param adapterPath where the adapter was written, relative to the output volume; null if none
 * @param before metric values before unlearning, by {@link Metric#key()}
 * @param after metric values after unlearning
 * @param gates each gate with its outcome
 * @param steps optimiser steps taken
 * @param durationSeconds wall time of the whole run
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Result(
    int exitCode,
    String message,
    String adapterPath,
    Map<String, Double> before,
    Map<String, Double> after,
    List<GateOutcome> gates,
    Long steps,
    Double durationSeconds) {

  public Result {
    before = before == null ? Map.of() : Map.copyOf(before);
    after = after == null ? Map.of() : Map.copyOf(after);
    gates = gates == null ? List.of() : List.copyOf(gates);
  }

  /** A result that is only an exit code and its message: no adapter, metrics, gates or timings. */
  public static Result of(int exitCode, String message) {
    return new Result(exitCode, message, null, null, null, null, null, null);
  }

  /** The same result with the metric values measured after the run (or by an evaluation). */
  public Result withAfter(Map<String, Double> values) {
    return new Result(
        exitCode, message, adapterPath, before, values, gates, steps, durationSeconds);
  }

  /** The same result with the optimiser steps taken. */
  public Result withSteps(long taken) {
    return new Result(exitCode, message, adapterPath, before, after, gates, taken, durationSeconds);
  }

  /** A gate and whether it passed, with the value it was judged on. */
  public record GateOutcome(Gate gate, Double value, boolean passed) {}
}
