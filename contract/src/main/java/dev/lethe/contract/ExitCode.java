package dev.lethe.contract;

import java.util.Arrays;
import java.util.Optional;

/**
 * The trainer's exit codes and the condition reason each one becomes
 * (docs/architecture.md#exit-codes). Every code here fails the Kubernetes Job at once through its
 * pod failure policy: retrying cannot fix bad input. Any other non-zero code is a crash and is
 * retried.
 */
public enum ExitCode {
  SUCCEEDED(0, "Completed", "adapter written, gates passed"),
  INVALID_CONFIG(10, "InvalidConfig", "invalid config"),
  INVALID_DATA(11, "InvalidData", "forget or retain set missing, empty or malformed"),
  MODEL_LOAD_FAILED(12, "ModelLoadFailed", "model or tokenizer cannot be loaded"),
  EVALUATION_GATES_NOT_MET(
      13, "EvaluationGatesNotMet", "evaluation gates not met (adapter and report still written)"),
  TRAINING_DIVERGED(14, "TrainingDiverged", "training diverged (NaN or infinite loss)");

  private final int code;
  private final String reason;
  private final String meaning;

  ExitCode(int code, String reason, String meaning) {
    this.code = code;
    this.reason = reason;
    this.meaning = meaning;
  }

  /** The process exit status. */
  public int code() {
    return code;
  }

  /** The CamelCase condition reason for this outcome. */
  public String reason() {
    return reason;
  }

  /** One line for people. */
  public String meaning() {
    return meaning;
  }

  /** Whether this is a failure that retrying cannot fix (every code but 0). */
  public boolean isPermanentFailure() {
    return code != 0;
  }

  /** The exit code with this status, if it is one of the contract's. */
  public static Optional<ExitCode> of(int status) {
    return Arrays.stream(values()).filter(e -> e.code == status).findFirst();
  }
}
