package dev.lethe.operator;

import dev.lethe.operator.SettingConverters.NamespaceList;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The operator's command line, read by picocli: one flag for each {@link OperatorSettings} field,
 * with its default and, for a flag not given, its environment variable ({@link
 * EnvironmentDefaults}). A flag's value wins over its variable.
 */
@Command(
    name = "lethe-operator",
    customSynopsis = "lethe-operator [flags]",
    description = {
      "Runs the Lethe operator against the cluster of the current kubeconfig (or the in-cluster"
          + " service account), serving /metrics, /healthz and /readyz.%n",
      "Each flag can also be set by its environment variable; the flag wins. Flags are written"
          + " --name value or --name=value. A value it cannot use stops it with exit code 2."
    },
    optionListHeading = "%nFlags:%n",
    mixinStandardHelpOptions = true,
    versionProvider = OperatorCommand.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true)
final class OperatorCommand {
  @Option(
      names = "--trainer-image",
      paramLabel = "IMAGE",
      defaultValue = "lethe-trainer:dev",
      converter = SettingConverters.Image.class,
      description = {
        "Container image of the trainer Jobs the operator creates.",
        "env LETHE_TRAINER_IMAGE, default ${DEFAULT-VALUE}"
      })
  private String trainerImage;

  @Option(
      names = "--namespaces",
      paramLabel = "NS[,NS...]",
      defaultValue = "",
      converter = SettingConverters.Namespaces.class,
      description = {
        "Comma-separated namespaces to watch; empty watches all namespaces.",
        "env LETHE_NAMESPACES, default all namespaces"
      })
  private NamespaceList namespaces;

  @Option(
      names = "--progress-poll-interval",
      paramLabel = "DURATION",
      defaultValue = "15s",
      converter = SettingConverters.PollInterval.class,
      description = {
        "How often a running trainer's progress is read, from 100ms to 1h. Written 15s, 500ms, 2m,"
            + " 1h or ISO-8601 like PT15S.",
        "env LETHE_PROGRESS_POLL_INTERVAL, default ${DEFAULT-VALUE}"
      })
  private Duration progressPollInterval;

  @Option(
      names = "--leader-election",
      paramLabel = "true|false",
      arity = "1",
      defaultValue = "true",
      converter = SettingConverters.TrueOrFalse.class,
      description = {
        "Elect a leader so that only one replica reconciles at a time.",
        "env LETHE_LEADER_ELECTION, default ${DEFAULT-VALUE}"
      })
  private boolean leaderElection;

  @Option(
      names = "--lease-namespace",
      paramLabel = "NS",
      converter = SettingConverters.OptionalNamespace.class,
      description = {
        "Namespace of the leader-election Lease; unset, the namespace of the Kubernetes client's"
            + " config.",
        "env LETHE_LEASE_NAMESPACE"
      })
  private String leaseNamespace;

  @Option(
      names = "--lease-name",
      paramLabel = "NAME",
      defaultValue = "lethe-operator",
      converter = SettingConverters.LeaseName.class,
      description = {
        "Name of the leader-election Lease; operators that share its namespace need their own.",
        "env LETHE_LEASE_NAME, default ${DEFAULT-VALUE}"
      })
  private String leaseName;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      defaultValue = "" + OperatorSettings.DEFAULT_HTTP_PORT,
      converter = SettingConverters.Port.class,
      description = {
        "Port of /metrics, /healthz and /readyz; 0 picks any free port.",
        "env LETHE_HTTP_PORT, default ${DEFAULT-VALUE}"
      })
  private int httpPort;

  @Option(
      names = "--start-deadline",
      paramLabel = "DURATION",
      defaultValue = "10m",
      converter = SettingConverters.StartDeadline.class,
      description = {
        "How long a trainer pod may hold its node without starting (an image that cannot be"
            + " pulled, a container that cannot be created) before its job fails and the pod is"
            + " stopped; from 1s to 168h, written like --progress-poll-interval.",
        "env LETHE_START_DEADLINE, default ${DEFAULT-VALUE}"
      })
  private Duration startDeadline;

  private final EnvironmentDefaults env;
  private final CommandLine line;

  /**
   * @param env the environment to take a flag's value from when it is not given
   */
  OperatorCommand(Map<String, String> env) {
    this.env = new EnvironmentDefaults(env);
    this.line = new CommandLine(this).setDefaultValueProvider(this.env);
    // A later flag wins over an earlier one, and every problem is reported at once.
    line.setOverwrittenOptionsAllowed(true);
    line.setPosixClusteredShortOptionsAllowed(false);
    line.getCommandSpec().parser().collectErrors(true);
  }

  /**
   * Reads the settings from {@code args} and the environment.
   *
   * @throws OperatorSettings.InvalidSettingException naming what was written and what is allowed
   */
  OperatorSettings settings(String... args) {
    return settings(line.parseArgs(args), args);
  }

  /**
   * Like {@link #settings(String...)}, but answers {@code --help} and {@code --version} on {@code
   * out} instead, and then returns nothing.
   */
  Optional<OperatorSettings> settingsUnlessHelp(PrintWriter out, String... args) {
    line.setOut(out);
    ParseResult parsed = line.parseArgs(args);
    if (CommandLine.executeHelpRequest(parsed) != null) {
      out.flush();
      return Optional.empty();
    }
    return Optional.of(settings(parsed, args));
  }

  /** The help text: every flag with its variable, default and meaning. */
  String usage() {
    StringWriter text = new StringWriter();
    line.usage(new PrintWriter(text));
    return text.toString();
  }

  private OperatorSettings settings(ParseResult parsed, String[] args) {
    SettingProblems.check(parsed, env, args);
    return new OperatorSettings(
        trainerImage,
        namespaces.names(),
        progressPollInterval,
        leaderElection,
        leaseNamespace,
        leaseName,
        httpPort,
        startDeadline);
  }

  /** The version of the jar the operator runs from. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"lethe-operator " + (version == null ? "a development build" : version)};
    }
  }
}
