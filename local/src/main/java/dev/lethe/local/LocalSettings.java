package dev.lethe.local;

import dev.lethe.api.v1alpha1.UnlearningJobCrd;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * How local mode runs.
 *
 * @param repo the Lethe checkout: the built trainer and operator jars, {@code crds/}, {@code
 *     examples/}
 * @param home where its files go
 * @param gpus fake {@code nvidia.com/gpu} the node declares
 * @param operatorPort where the operator serves /metrics, /healthz and /readyz
 * @param kubernetesVersion the control plane's version, as hack/build-control-plane.sh built it
 */
public record LocalSettings(
    Path repo, LocalHome home, int gpus, int operatorPort, String kubernetesVersion) {

  public static final int DEFAULT_OPERATOR_PORT = 8080;

  /** The control plane version this build was made for (the parent pom's). */
  public static String builtForKubernetes() {
    try (InputStream in = LocalSettings.class.getResourceAsStream("versions.properties")) {
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("kubernetes");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The checkout this code was built in: {@code local/target/classes} or {@code
   * local/target/lethe-local.jar} lie three levels below it.
   */
  public static Path thisCheckout() {
    try {
      Path built =
          Path.of(LocalSettings.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return built.getParent().getParent().getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** This JVM's {@code java}: it runs the trainer's and the operator's jars too. */
  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  public Path trainerJar() {
    return repo.resolve("trainer/target/lethe-trainer.jar");
  }

  public Path operatorJar() {
    return repo.resolve("operator/target/lethe-operator.jar");
  }

  /** The UnlearningJob and UnlearningPolicy CRDs. */
  public List<Path> crds() {
    return List.of(repo.resolve(UnlearningJobCrd.FILE), repo.resolve(UnlearningJobCrd.POLICY_FILE));
  }

  public ControlPlaneBinaries binaries() {
    return ControlPlaneBinaries.of(kubernetesVersion, System.getenv());
  }
}
