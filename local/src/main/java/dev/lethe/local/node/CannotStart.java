package dev.lethe.local.node;

/**
 * Why a bound pod's container cannot start, with the waiting reason a kubelet would report ({@code
 * ContainerCreating} while something it needs is missing, {@code CreateContainerConfigError} or
 * {@code ErrImagePull} when the pod asks for what this agent cannot do).
 */
final class CannotStart extends Exception {
  private final String reason;

  CannotStart(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  String reason() {
    return reason;
  }
}
