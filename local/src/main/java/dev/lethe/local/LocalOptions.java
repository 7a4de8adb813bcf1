package dev.lethe.local;

import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The options every {@code lethe-local} command takes, so that {@code make demo-down} can pass the
 * same {@code ARGS} as {@code make demo}.
 */
final class LocalOptions {
  @Option(
      names = "--home",
      paramLabel = "DIR",
      defaultValue = ".lethe",
      description = "Where kubeconfig, logs, claims and pods go (default: ${DEFAULT-VALUE}).")
  private Path home;

  @Option(
      names = "--gpus",
      paramLabel = "N",
      defaultValue = "0",
      converter = Gpus.class,
      description =
          "Fake nvidia.com/gpu the local node declares, 0 to 64 (default: ${DEFAULT-VALUE}).")
  private int gpus;

  @Option(
      names = "--operator-port",
      paramLabel = "PORT",
      defaultValue = "" + LocalSettings.DEFAULT_OPERATOR_PORT,
      converter = OperatorPort.class,
      description = "The operator's /metrics, /healthz and /readyz (default: ${DEFAULT-VALUE}).")
  private int operatorPort;

  /** How local mode runs from the checkout {@code repo}. */
  LocalSettings settings(Path repo) {
    return new LocalSettings(
        repo,
        new LocalHome(home.toAbsolutePath()),
        gpus,
        operatorPort,
        LocalSettings.builtForKubernetes());
  }

  static final class Gpus extends WholeNumber {
    Gpus() {
      super(0, 64);
    }
  }

  static final class OperatorPort extends WholeNumber {
    OperatorPort() {
      super(1, 65535);
    }
  }

  /** A whole number within bounds; a refusal names them. */
  abstract static class WholeNumber implements ITypeConverter<Integer> {
    private final int min;
    private final int max;

    WholeNumber(int min, int max) {
      this.min = min;
      this.max = max;
    }

    @Override
    public Integer convert(String value) {
      try {
        int n = Integer.parseInt(value);
        if (n >= min && n <= max) {
          return n;
        }
      } catch (NumberFormatException e) {
        // refused below
      }
      throw new TypeConversionException(
          "'" + value + "' is not a whole number from " + min + " to " + max);
    }
  }
}
