package dev.lethe.operator;

import static java.util.Objects.requireNonNull;

import dev.lethe.operator.status.DurationText;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The operator's configuration, from environment variables (what a Deployment usually sets) and
 * command-line flags (what a person running it locally types); a flag wins over its variable.
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

  public static final String DEFAULT_TRAINER_IMAGE = "lethe-trainer:dev";
  public static final Duration DEFAULT_PROGRESS_POLL_INTERVAL = Duration.ofSeconds(15);
  public static final int DEFAULT_HTTP_PORT = 8080;
  public static final String DEFAULT_LEASE_NAME = "lethe-operator";
  public static final Duration DEFAULT_START_DEADLINE = Duration.ofMinutes(10);

  static final Duration MIN_PROGRESS_POLL_INTERVAL = Duration.ofMillis(100);
  static final Duration MAX_PROGRESS_POLL_INTERVAL = Duration.ofHours(1);
  static final Duration MIN_START_DEADLINE = Duration.ofSeconds(1);
  static final Duration MAX_START_DEADLINE = Duration.ofHours(168);

  private static final Pattern DNS_1123_LABEL =
      Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  private static final String EXPECTED_DURATION =
      "expected a duration like 15s, 500ms, 2m or PT15S";
  private static final String EXPECTED_LABEL =
      "lowercase letters, digits and '-', 1 to 63 characters, starting and ending with a letter or"
          + " digit";

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
    return new OperatorSettings(
        DEFAULT_TRAINER_IMAGE,
        Set.of(),
        DEFAULT_PROGRESS_POLL_INTERVAL,
        true,
        null,
        DEFAULT_LEASE_NAME,
        DEFAULT_HTTP_PORT,
        DEFAULT_START_DEADLINE);
  }

  /**
   * Reads the settings from {@code env} and then {@code args}; flags are {@code --name value} or
   * {@code --name=value}, and a later flag wins over an earlier one. Blank variables count as
   * unset. {@code --help} is not handled here: the caller looks for it first.
   *
   * @throws InvalidSettingException naming what was written and what is allowed; every invalid
   *     value is reported at once, one per line
   */
  public static OperatorSettings parse(Map<String, String> env, String... args) {
    Map<Setting, Given> given = new EnumMap<>(Setting.class);
    for (Setting setting : Setting.values()) {
      String value = env.get(setting.env);
      if (value != null && !value.isBlank()) {
        given.put(setting, new Given(setting.env + "=" + value, value));
      }
    }
    readFlags(args, given);

    List<String> problems = new ArrayList<>();
    Values values = new Values(given, problems);
    OperatorSettings defaults = defaults();
    OperatorSettings settings =
        new OperatorSettings(
            values.get(Setting.TRAINER_IMAGE, OperatorSettings::image, defaults.trainerImage),
            values.get(Setting.NAMESPACES, OperatorSettings::namespaceList, defaults.namespaces),
            values.get(
                Setting.PROGRESS_POLL_INTERVAL,
                OperatorSettings::pollInterval,
                defaults.progressPollInterval),
            values.get(Setting.LEADER_ELECTION, OperatorSettings::bool, defaults.leaderElection),
            values.get(
                Setting.LEASE_NAMESPACE, OperatorSettings::optionalLabel, defaults.leaseNamespace),
            values.get(Setting.LEASE_NAME, OperatorSettings::leaseName, defaults.leaseName),
            values.get(Setting.HTTP_PORT, OperatorSettings::port, defaults.httpPort),
            values.get(
                Setting.START_DEADLINE, OperatorSettings::startDeadline, defaults.startDeadline));
    if (!problems.isEmpty()) {
      throw new InvalidSettingException(String.join("\n", problems));
    }
    return settings;
  }

  /** The help text: every flag with its variable, default and meaning. */
  public static String usage() {
    OperatorSettings defaults = defaults();
    StringBuilder text =
        new StringBuilder("Usage: lethe-operator [flags]\n\n")
            .append("Each flag can also be set by its environment variable; the flag wins.\n")
            .append("Flags are written --name value or --name=value.\n\n");
    for (Setting setting : Setting.values()) {
      text.append("  --")
          .append(setting.flag)
          .append(' ')
          .append(setting.placeholder)
          .append("\n      ")
          .append(setting.description.replace("\n", "\n      "))
          .append("\n      env ")
          .append(setting.env)
          .append(", default ")
          .append(setting.shownDefault(defaults))
          .append('\n');
    }
    return text.append("  --help\n      Print this text and exit.\n").toString();
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

  /**
   * The one table of settings: flags, variables and the help text are all read from here, so they
   * cannot disagree.
   */
  private enum Setting {
    TRAINER_IMAGE(
        "trainer-image",
        "LETHE_TRAINER_IMAGE",
        "IMAGE",
        "Container image of the trainer Jobs the operator creates."),
    NAMESPACES(
        "namespaces",
        "LETHE_NAMESPACES",
        "NS[,NS...]",
        "Comma-separated namespaces to watch; empty watches all namespaces."),
    PROGRESS_POLL_INTERVAL(
        "progress-poll-interval",
        "LETHE_PROGRESS_POLL_INTERVAL",
        "DURATION",
        "How often a running trainer's progress is read, from 100ms to 1h.\n"
            + "Written 15s, 500ms, 2m, 1h or ISO-8601 like PT15S."),
    LEADER_ELECTION(
        "leader-election",
        "LETHE_LEADER_ELECTION",
        "true|false",
        "Elect a leader so that only one replica reconciles at a time."),
    LEASE_NAMESPACE(
        "lease-namespace",
        "LETHE_LEASE_NAMESPACE",
        "NS",
        "Namespace of the leader-election Lease."),
    LEASE_NAME(
        "lease-name",
        "LETHE_LEASE_NAME",
        "NAME",
        "Name of the leader-election Lease; operators that share its namespace need their own."),
    HTTP_PORT(
        "http-port",
        "LETHE_HTTP_PORT",
        "PORT",
        "Port of /metrics, /healthz and /readyz; 0 picks any free port."),
    START_DEADLINE(
        "start-deadline",
        "LETHE_START_DEADLINE",
        "DURATION",
        "How long a trainer pod may hold its node without starting (an image that cannot be\n"
            + "pulled, a container that cannot be created) before its job fails and the pod is\n"
            + "stopped; from 1s to 168h, written like --progress-poll-interval.");

    final String flag;
    final String env;
    final String placeholder;
    final String description;

    Setting(String flag, String env, String placeholder, String description) {
      this.flag = flag;
      this.env = env;
      this.placeholder = placeholder;
      this.description = description;
    }

    String shownDefault(OperatorSettings defaults) {
      return switch (this) {
        case TRAINER_IMAGE -> defaults.trainerImage;
        case NAMESPACES ->
            defaults.namespaces.isEmpty()
                ? "all namespaces"
                : String.join(",", defaults.namespaces);
        case PROGRESS_POLL_INTERVAL -> DurationText.of(defaults.progressPollInterval);
        case LEADER_ELECTION -> String.valueOf(defaults.leaderElection);
        case LEASE_NAMESPACE ->
            defaults.leaseNamespace == null
                ? "the namespace of the Kubernetes client's config"
                : defaults.leaseNamespace;
        case LEASE_NAME -> defaults.leaseName;
        case HTTP_PORT -> String.valueOf(defaults.httpPort);
        case START_DEADLINE -> DurationText.of(defaults.startDeadline);
      };
    }

    static String knownFlags() {
      return Arrays.stream(values()).map(s -> "--" + s.flag).collect(Collectors.joining(", "));
    }
  }

  /** A value as the person wrote it: {@code origin} is what error messages quote. */
  private record Given(String origin, String value) {}

  /** Turns given values into typed ones, collecting every problem instead of stopping at one. */
  private static final class Values {
    private final Map<Setting, Given> given;
    private final List<String> problems;

    Values(Map<Setting, Given> given, List<String> problems) {
      this.given = given;
      this.problems = problems;
    }

    <T> T get(Setting setting, Function<String, T> parser, T fallback) {
      Given value = given.get(setting);
      if (value == null) {
        return fallback;
      }
      try {
        return parser.apply(value.value().strip());
      } catch (InvalidSettingException e) {
        problems.add(value.origin() + ": " + e.getMessage());
        return fallback;
      }
    }
  }

  private static void readFlags(String[] args, Map<Setting, Given> given) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new InvalidSettingException(
            "unexpected argument \"" + arg + "\": flags are written --name value or --name=value");
      }
      int equals = arg.indexOf('=');
      String flag = equals < 0 ? arg : arg.substring(0, equals);
      Setting setting =
          Arrays.stream(Setting.values())
              .filter(s -> flag.equals("--" + s.flag))
              .findFirst()
              .orElseThrow(
                  () ->
                      new InvalidSettingException(
                          "unknown flag " + flag + "; known flags: " + Setting.knownFlags()));
      if (equals >= 0) {
        given.put(setting, new Given(arg, arg.substring(equals + 1)));
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        i++;
        given.put(setting, new Given(arg + " " + args[i], args[i]));
      } else {
        throw new InvalidSettingException(
            flag + " needs a value: write " + flag + " VALUE or " + flag + "=VALUE");
      }
    }
  }

  private static String image(String value) {
    if (value.isEmpty() || value.chars().anyMatch(Character::isWhitespace)) {
      throw new InvalidSettingException(
          "expected a container image like registry.example.com/lethe-trainer:0.1.0, without"
              + " spaces");
    }
    return value;
  }

  private static Set<String> namespaceList(String value) {
    Set<String> namespaces = new LinkedHashSet<>();
    for (String item : value.split(",", -1)) {
      String namespace = item.strip();
      if (namespace.isEmpty()) {
        continue;
      }
      if (!DNS_1123_LABEL.matcher(namespace).matches()) {
        throw new InvalidSettingException(
            "\"" + namespace + "\" is not a namespace name: expected " + EXPECTED_LABEL);
      }
      namespaces.add(namespace);
    }
    return namespaces;
  }

  /** An empty value means the default, so a flag can undo a variable set in the Deployment. */
  private static String optionalLabel(String value) {
    if (value.isEmpty()) {
      return null;
    }
    if (!DNS_1123_LABEL.matcher(value).matches()) {
      throw new InvalidSettingException("expected a namespace name: " + EXPECTED_LABEL);
    }
    return value;
  }

  private static String leaseName(String value) {
    if (!DNS_1123_LABEL.matcher(value).matches()) {
      throw new InvalidSettingException("expected a Lease name: " + EXPECTED_LABEL);
    }
    return value;
  }

  private static Duration pollInterval(String value) {
    return durationWithin(value, MIN_PROGRESS_POLL_INTERVAL, MAX_PROGRESS_POLL_INTERVAL);
  }

  private static Duration startDeadline(String value) {
    return durationWithin(value, MIN_START_DEADLINE, MAX_START_DEADLINE);
  }

  private static Duration durationWithin(String value, Duration min, Duration max) {
    Duration duration = duration(value);
    if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
      throw new InvalidSettingException(
          "expected at least " + DurationText.of(min) + " and at most " + DurationText.of(max));
    }
    return duration;
  }

  /** {@code 500ms}, {@code 15s}, {@code 2m}, {@code 1h} (any case) or ISO-8601 like PT15S. */
  private static Duration duration(String value) {
    Matcher simple = SHORT_DURATION.matcher(value.toLowerCase(Locale.ROOT));
    if (simple.matches()) {
      String digits = simple.group(1).replaceFirst("^0+(?=.)", "");
      if (digits.length() > 9) {
        // 10^9 of even the smallest unit is days: far above any bound, and it cannot overflow.
        return ChronoUnit.FOREVER.getDuration();
      }
      long amount = Long.parseLong(digits);
      return switch (simple.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofHours(amount);
      };
    }
    if (value.startsWith("P") || value.startsWith("p")) {
      try {
        return Duration.parse(value);
      } catch (DateTimeParseException e) {
        // reported below like any other unreadable value
      }
    }
    throw new InvalidSettingException(EXPECTED_DURATION);
  }

  private static boolean bool(String value) {
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    throw new InvalidSettingException("expected true or false");
  }

  private static int port(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below, like a number out of range
    }
    throw new InvalidSettingException("expected a port from 1 to 65535, or 0 for any free port");
  }
}
