package dev.lethe.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where hack/build-control-plane.sh puts etcd, kube-apiserver, kube-controller-manager and kubectl:
 * {@code ${KUBE_API_TEST_DIR:-~/.kubeapitest}/k8s/<version>-linux-<arch>/}, the layout Fabric8
 * kube-api-test reads.
 */
public record ControlPlaneBinaries(Path directory, String version) {

  public static ControlPlaneBinaries of(String version, Map<String, String> env) {
    String root =
        env.getOrDefault("KUBE_API_TEST_DIR", System.getProperty("user.home") + "/.kubeapitest");
    String arch = System.getProperty("os.arch").equals("aarch64") ? "arm64" : "amd64";
    return new ControlPlaneBinaries(Path.of(root, "k8s", version + "-linux-" + arch), version);
  }

  /** A binary that must exist, or an error that says how to build it. */
  public Path require(String name) {
    Path binary = directory.resolve(name);
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          name
              + " "
              + version
              + " is missing from "
              + directory
              + ": build it with `make control-plane` (hack/build-control-plane.sh)");
    }
    return binary;
  }
}
