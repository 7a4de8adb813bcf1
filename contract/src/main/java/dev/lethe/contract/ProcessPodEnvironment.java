package dev.lethe.contract;

/**
 * What the local node agent (local/) tells a trainer it runs as a process in place of a container.
 * In a real container neither variable is set.
 */
public final class ProcessPodEnvironment {
  private ProcessPodEnvironment() {}

  /**
   * The directory that stands for the container's {@code /}, with each volume at its mount path.
   */
  public static final String ROOT = "LETHE_POD_ROOT";

  /** The pod's own loopback address, where the trainer serves /metrics and /progress. */
  public static final String ADDRESS = "LETHE_POD_IP";
}
