package dev.lethe.operator;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The operator's configuration, from environment variables (what a Deployment usually sets) and
 * command-line flags (what a person running it locally types); a flag wins over its variable.
 * {@link OperatorCommand} holds the flags, their variables and their defaults.
 *
 * <p>Everything is checked once, at start, so a typo stops the operator with a message naming the
 * setting as it was written instead of surfacing later as a confusing reconcile failure.
 *
 * @param trainerImage container image of the trainer Jobs the operator creates
 * @param namespaces namespaces to watch; empty means all namespaces
 * @param progressPollInterval how often a running trainer's progress is read
 * @param leaderElection whether replicas elect a leader so only one reconciles at a time
 * @param leaseNamespace namespace of the leader-election Lease; {@code null} means the namespace of
 *     the Kubernetes client's config, resolved by whoever builds the client
 * @param leaseName name of that Lease: operators that share a namespace need their own
 * @param httpPort port of the metrics and health endpoints; 0 means any free port
 * @param startDeadline how long a trainer pod may hold its node without starting (an image that
 *     cannot be pulled, a container that cannot be created) before its job fails
 */
public record OperatorSettings(
    String trainerImage,
    Set<String> namespaces,
    Duration progressPollInterval,
    boolean leaderElection,
    String leaseNamespace,
    String leaseName,
    int httpPort,
    Duration startDeadline) {
  /**
   * The port of {@code /metrics}, {@code /healthz} and {@code /readyz} when nothing else is set:
   * the one the operator's image exposes and the chart's probes and monitor use.
   */
  public static final int DEFAULT_HTTP_PORT = 8080;

  /** Keeps the namespaces in the order given, so logs show them as the person wrote them. */
  public OperatorSettings {
    requireNonNull(trainerImage, "trainerImage");
    namespaces = Collections.unmodifiableSet(new LinkedHashSet<>(namespaces));
    requireNonNull(progressPollInterval, "progressPollInterval");
    requireNonNull(leaseName, "leaseName");
    requireNonNull(startDeadline, "startDeadline");
  }

  /** What the operator runs with when nothing is set. */
  public static OperatorSettings defaults() {
    return parse(Map.of());
  }

  /**
   * Reads the settings from {@code env} and then {@code args}; flags are {@code --name value} or
   * {@code --name=value}, and a later flag wins over an earlier one. Blank variables count as
   * unset. {@code --help} and {@code --version} are not answered here: {@link Main} does.
   *
   * @throws InvalidSettingException naming what was written and what is allowed; every invalid
   *     value is reported at once, one per line
   */
  public static OperatorSettings parse(Map<String, String> env, String... args) {
    return new OperatorCommand(env).settings(args);
  }

  /** The help text: every flag with its variable, default and meaning. */
  public static String usage() {
    return new OperatorCommand(Map.of()).usage();
  }

  public OperatorSettings withTrainerImage(String image) {
    return new OperatorSettings(
        image,
        namespaces,
        progressPollInterval,
        leaderElection,
        leaseNamespace,
        leaseName,
        httpPort,
        startDeadline);
  }

  /** The same settings watching only {@code watched}; none means all namespaces. */
  public OperatorSettings withNamespaces(Set<String> watched) {
    return new OperatorSettings(
        trainerImage,
        watched,
        progressPollInterval,
        leaderElection,
        leaseNamespace,
        leaseName,
        httpPort,
        startDeadline);
  }

  public OperatorSettings withProgressPollInterval(Duration interval) {
    return new OperatorSettings(
        trainerImage,
        namespaces,
        interval,
        leaderElection,
        leaseNamespace,
        leaseName,
        httpPort,
        startDeadline);
  }

  /**
   * The same settings with leader election on or off, and its Lease in {@code namespace} (null: the
   * client's namespace) under {@code name}.
   */
  public OperatorSettings withLeaderElection(boolean on, String namespace, String name) {
    return new OperatorSettings(
        trainerImage,
        namespaces,
        progressPollInterval,
        on,
        namespace,
        name,
        httpPort,
        startDeadline);
  }

  public OperatorSettings withHttpPort(int port) {
    return new OperatorSettings(
        trainerImage,
        namespaces,
        progressPollInterval,
        leaderElection,
        leaseNamespace,
        leaseName,
        port,
        startDeadline);
  }

  public OperatorSettings withStartDeadline(Duration deadline) {
    return new OperatorSettings(
        trainerImage,
        namespaces,
        progressPollInterval,
        leaderElection,
        leaseNamespace,
        leaseName,
        httpPort,
        deadline);
  }

  /**
   * A setting that was written wrongly. It is an {@link IllegalArgumentException}, so callers that
   * do not care can treat it as one; the main class catches it to print the message and {@link
   * #usage()} instead of a stack trace.
   */
  public static final class InvalidSettingException extends IllegalArgumentException {
    InvalidSettingException(String message) {
      super(message);
    }
  }
}
