package dev.lethe.operator.status;

import dev.lethe.contract.ContractJson;
import dev.lethe.contract.ExitCode;
import dev.lethe.contract.Result;
import dev.lethe.operator.model.TrainerJobModel;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * What the trainer container left when it ended: its termination state and the result it wrote to
 * the termination-message path. Pure: reads the pod as the kubelet wrote it.
 *
 * @param terminated the trainer container's termination; null while it has not ended
 * @param result the parsed result, cut to the contract's bounds ({@link ReportBounds}); null if
 *     there is none or it could not be read
 * @param unreadable why a termination message that should have been a result could not be read;
 *     null if it was read or none was expected
 */
public record TrainerOutput(ContainerStateTerminated terminated, Result result, String unreadable) {
  static final TrainerOutput NONE = new TrainerOutput(null, null, null);

  public static TrainerOutput of(Pod pod) {
    ContainerStateTerminated terminated = terminated(pod);
    if (terminated == null) {
      return NONE;
    }
    String message = terminated.getMessage();
    boolean contractCode = ExitCode.of(exitCode(terminated)).isPresent();
    if (message == null || message.isBlank()) {
      return new TrainerOutput(
          terminated,
          null,
          contractCode ? "the trainer exited " + exitCode(terminated) + " without a result" : null);
    }
    try {
      Result result = ContractJson.read(message, Result.class);
      return new TrainerOutput(terminated, ReportBounds.of(result), null);
    } catch (IllegalArgumentException e) {
      // From a contract exit code the trainer always writes a result, so this one is reported;
      // from another (a JVM that died), a message is not the trainer's and not a problem. Never
      // quoted: it may hold anything the container could read. The reason is ContractJson's, and
      // quotes nothing either.
      return new TrainerOutput(
          terminated,
          null,
          contractCode
              ? "the trainer's result could not be read ("
                  + message.getBytes(StandardCharsets.UTF_8).length
                  + " bytes, "
                  + e.getMessage()
                  + ")"
              : null);
    }
  }

  /** The trainer's exit code, if it is one of the contract's. */
  public Optional<ExitCode> exitCode() {
    return terminated == null ? Optional.empty() : ExitCode.of(exitCode(terminated));
  }

  /** The trainer's one-line message, if it wrote a result. */
  public Optional<String> message() {
    return Optional.ofNullable(result).map(Result::message);
  }

  private static int exitCode(ContainerStateTerminated terminated) {
    return Objects.requireNonNullElse(terminated.getExitCode(), -1);
  }

  /** The trainer container's termination, if the pod has one. */
  static ContainerStateTerminated terminated(Pod pod) {
    if (pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return null;
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(s -> TrainerJobModel.CONTAINER.equals(s.getName()))
        .map(ContainerStatus::getState)
        .filter(Objects::nonNull)
        .map(ContainerState::getTerminated)
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }
}
