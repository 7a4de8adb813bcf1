package dev.lethe.trainer.cli;

import dev.lethe.contract.ProcessPodEnvironment;
import dev.lethe.contract.TrainerConfig;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a trainer process gets in place of a container when Lethe's local node agent runs its pod
 * (local/): a directory that stands for the container's root file system, where the agent has
 * linked each volume at its mount path, and the pod's loopback address to listen on. In a real
 * container neither variable is set and paths and the listening address are used as they are.
 *
 * @param root the directory that stands for {@code /}; null in a container
 * @param bindAddress where /metrics and /progress listen
 */
record ProcessPod(Path root, String bindAddress) {
  static ProcessPod fromEnvironment(Map<String, String> env, String defaultBindAddress) {
    String root = env.get(ProcessPodEnvironment.ROOT);
    return new ProcessPod(
        root == null || root.isBlank() ? null : Path.of(root),
        env.getOrDefault(ProcessPodEnvironment.ADDRESS, defaultBindAddress));
  }

  /** A path as the pod sees it, as this process must open it. */
  String path(String podPath) {
    return root == null || !podPath.startsWith("/")
        ? podPath
        : root.resolve(podPath.substring(1)).toString();
  }

  TrainerConfig config(TrainerConfig config) {
    return root == null ? config : config.withPaths(this::path);
  }
}
