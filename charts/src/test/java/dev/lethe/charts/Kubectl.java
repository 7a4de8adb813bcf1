package dev.lethe.charts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the kubectl built with the test control plane against one API server. */
public final class Kubectl {
  private final Path binary;
  private final Path kubeconfig;

  private Kubectl(Path binary, Path kubeconfig) {
    this.binary = binary;
    this.kubeconfig = kubeconfig;
  }

  /** kubectl talking to the API server this kubeconfig names (kustomize ignores it). */
  public static Kubectl against(Path binary, Path kubeconfig) {
    return new Kubectl(binary, kubeconfig);
  }

  /** Runs {@code kubectl args...} with {@code stdin} (null for none). */
  public Tools.Run run(String stdin, String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    return Tools.run(command, stdin);
  }
}
