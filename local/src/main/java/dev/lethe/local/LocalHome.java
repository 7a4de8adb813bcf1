package dev.lethe.local;

import java.nio.file.Path;

/**
 * Where local mode keeps its files, by default {@code .lethe/} in the directory it runs from:
 *
 * <ul>
 *   <li>{@code kubeconfig}: the admin kubeconfig, for kubectl;
 *   <li>{@code lethe-local.pid} and {@code processes}: the running instance and what it started;
 *   <li>{@code logs/}: the controller manager's, the operator's and local mode's own log;
 *   <li>{@code claims/<namespace>/<claim>/}: what each PersistentVolumeClaim holds;
 *   <li>{@code pods/<namespace>/<pod>/}: each pod's root, volumes and container log.
 * </ul>
 */
public record LocalHome(Path dir) {
  public Path kubeconfig() {
    return dir.resolve("kubeconfig");
  }

  public Path pidFile() {
    return dir.resolve("lethe-local.pid");
  }

  public Path processesFile() {
    return dir.resolve("processes");
  }

  public Path logs() {
    return dir.resolve("logs");
  }

  public Path claims() {
    return dir.resolve("claims");
  }

  /** The directory of a pod: its root, volumes and container log. */
  public Path pod(String namespace, String name) {
    return dir.resolve("pods").resolve(namespace).resolve(name);
  }

  /** The directory of a PersistentVolumeClaim. */
  public Path claim(String namespace, String claimName) {
    return claims().resolve(namespace).resolve(claimName);
  }
}
