package dev.lethe.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.operator.OperatorSettings.InvalidSettingException;
import dev.lethe.operator.status.DurationText;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OperatorSettingsTest {
  static final String KNOWN_FLAGS =
      "--trainer-image, --namespaces, --progress-poll-interval, --leader-election,"
          + " --lease-namespace, --lease-name, --http-port, --start-deadline";
  static final String LABEL =
      "lowercase letters, digits and '-', 1 to 63 characters, starting and ending with a letter or"
          + " digit";

  static OperatorSettings flags(String... args) {
    return OperatorSettings.parse(Map.of(), args);
  }

  static String problemWithFlags(String... args) {
    try {
      OperatorSettings.parse(Map.of(), args);
    } catch (InvalidSettingException e) {
      return e.getMessage();
    }
    throw new AssertionError("accepted " + String.join(" ", args));
  }

  static String problemWithEnv(String name, String value) {
    try {
      OperatorSettings.parse(Map.of(name, value));
    } catch (InvalidSettingException e) {
      return e.getMessage();
    }
    throw new AssertionError("accepted " + name + "=" + value);
  }

  @Test
  void nothingSetGivesTheDefaults() {
    OperatorSettings settings = OperatorSettings.parse(Map.of());

    assertThat(settings).isEqualTo(OperatorSettings.defaults());
    assertThat(settings.trainerImage()).isEqualTo("lethe-trainer:dev");
    assertThat(settings.namespaces()).isEmpty();
    assertThat(settings.progressPollInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(settings.leaderElection()).isTrue();
    assertThat(settings.leaseNamespace()).isNull();
    assertThat(settings.httpPort()).isEqualTo(8080);
    assertThat(settings.startDeadline()).isEqualTo(Duration.ofMinutes(10));
  }

  @ParameterizedTest
  @CsvSource({"0s", "500ms", "169h"})
  void aStartDeadlineOutsideItsBoundsIsRefused(String written) {
    assertThat(problemWithEnv("LETHE_START_DEADLINE", written))
        .isEqualTo("LETHE_START_DEADLINE=" + written + ": expected at least 1s and at most 168h");
  }

  @Test
  void everySettingIsReadFromItsVariable() {
    OperatorSettings settings =
        OperatorSettings.parse(
            Map.of(
                "LETHE_TRAINER_IMAGE", "registry.example.com/lethe-trainer:0.1.0",
                "LETHE_NAMESPACES", "ml,research",
                "LETHE_PROGRESS_POLL_INTERVAL", "30s",
                "LETHE_LEADER_ELECTION", "false",
                "LETHE_LEASE_NAMESPACE", "lethe-system",
                "LETHE_LEASE_NAME", "lethe-team-a",
                "LETHE_HTTP_PORT", "9090",
                "LETHE_START_DEADLINE", "5m",
                "HOME", "/root"));

    assertThat(settings)
        .isEqualTo(
            new OperatorSettings(
                "registry.example.com/lethe-trainer:0.1.0",
                Set.of("ml", "research"),
                Duration.ofSeconds(30),
                false,
                "lethe-system",
                "lethe-team-a",
                9090,
                Duration.ofMinutes(5)));
  }

  @Test
  void everySettingIsReadFromItsFlagInBothSpellings() {
    OperatorSettings spaced =
        flags(
            "--trainer-image", "img:1",
            "--namespaces", "ml",
            "--progress-poll-interval", "2m",
            "--leader-election", "false",
            "--lease-namespace", "ops",
            "--lease-name", "lethe-a",
            "--http-port", "0",
            "--start-deadline", "30m");
    OperatorSettings joined =
        flags(
            "--trainer-image=img:1",
            "--namespaces=ml",
            "--progress-poll-interval=2m",
            "--leader-election=false",
            "--lease-namespace=ops",
            "--lease-name=lethe-a",
            "--http-port=0",
            "--start-deadline=30m");

    assertThat(spaced)
        .isEqualTo(joined)
        .isEqualTo(
            new OperatorSettings(
                "img:1",
                Set.of("ml"),
                Duration.ofMinutes(2),
                false,
                "ops",
                "lethe-a",
                0,
                Duration.ofMinutes(30)));
  }

  @Test
  void aFlagWinsOverItsVariableAndLeavesTheOthersAlone() {
    OperatorSettings settings =
        OperatorSettings.parse(
            Map.of("LETHE_HTTP_PORT", "9090", "LETHE_TRAINER_IMAGE", "from-env:1"),
            "--http-port=9191");

    assertThat(settings.httpPort()).isEqualTo(9191);
    assertThat(settings.trainerImage()).isEqualTo("from-env:1");
  }

  @Test
  void aFlagWinsEvenOverAnInvalidVariable() {
    assertThat(OperatorSettings.parse(Map.of("LETHE_HTTP_PORT", "http"), "--http-port", "1"))
        .extracting(OperatorSettings::httpPort)
        .isEqualTo(1);
  }

  @Test
  void aLaterFlagWinsOverAnEarlierOne() {
    assertThat(flags("--http-port=1", "--http-port", "2").httpPort()).isEqualTo(2);
  }

  @Test
  void blankVariablesCountAsUnset() {
    OperatorSettings settings =
        OperatorSettings.parse(
            Map.of("LETHE_TRAINER_IMAGE", "", "LETHE_HTTP_PORT", "  ", "LETHE_NAMESPACES", ""));

    assertThat(settings).isEqualTo(OperatorSettings.defaults());
  }

  @Test
  void valuesAreTrimmed() {
    OperatorSettings settings =
        OperatorSettings.parse(
            Map.of("LETHE_HTTP_PORT", " 9090\n", "LETHE_LEADER_ELECTION", "FALSE "));

    assertThat(settings.httpPort()).isEqualTo(9090);
    assertThat(settings.leaderElection()).isFalse();
  }

  @Test
  void namespacesAreSplitOnCommasIgnoringSpacesEmptyItemsAndRepeats() {
    assertThat(flags("--namespaces", " ml , team-a,,ml, ").namespaces())
        .containsExactly("ml", "team-a");
  }

  @Test
  void namespacesKeepTheirOrderAndCannotBeChanged() {
    var namespaces = flags("--namespaces=zeta,alpha,mid").namespaces();

    assertThat(namespaces).containsExactly("zeta", "alpha", "mid");
    assertThatThrownBy(() -> namespaces.add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void anEmptyNamespacesFlagWatchesAllNamespacesOverTheVariable() {
    assertThat(
            OperatorSettings.parse(Map.of("LETHE_NAMESPACES", "ml"), "--namespaces=").namespaces())
        .isEmpty();
    assertThat(flags("--namespaces", " , ").namespaces()).isEmpty();
  }

  @Test
  void anEmptyLeaseNamespaceFlagFallsBackToTheClientsNamespace() {
    assertThat(
            OperatorSettings.parse(Map.of("LETHE_LEASE_NAMESPACE", "ops"), "--lease-namespace=")
                .leaseNamespace())
        .isNull();
  }

  @Test
  void aNamespaceMayBe63CharactersButNot64() {
    String longest = "a".repeat(63);

    assertThat(flags("--namespaces", longest).namespaces()).containsExactly(longest);
    assertThat(problemWithFlags("--namespaces", longest + "a"))
        .isEqualTo(
            "--namespaces "
                + longest
                + "a: \""
                + longest
                + "a\" is not a namespace name: expected "
                + LABEL);
  }

  @ParameterizedTest
  @CsvSource({
    "15s, PT15S",
    "500ms, PT0.5S",
    "2m, PT2M",
    "1h, PT1H",
    "100ms, PT0.1S",
    "PT15S, PT15S",
    "pt1m30s, PT1M30S",
    "15S, PT15S",
    "0001h, PT1H",
    "3600s, PT1H",
  })
  void durationsAreReadInEverySyntax(String written, String expected) {
    assertThat(flags("--progress-poll-interval", written).progressPollInterval())
        .isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @CsvSource({"99ms", "0s", "PT-15S", "61m", "3601s", "2h", "PT1H0.001S", "99999999999999999999ms"})
  void durationsOutsideTheBoundsAreRefused(String written) {
    assertThat(problemWithFlags("--progress-poll-interval=" + written))
        .isEqualTo(
            "--progress-poll-interval=" + written + ": expected at least 100ms and at most 1h");
  }

  @ParameterizedTest
  @CsvSource({"abc", "15", "1.5s", "15 s", "-5s", "1d", "PT", "P1D2"})
  void unreadableDurationsAreRefused(String written) {
    assertThat(problemWithFlags("--progress-poll-interval=" + written))
        .isEqualTo(
            "--progress-poll-interval="
                + written
                + ": expected a duration like 15s, 500ms, 2m or PT15S");
  }

  @Test
  void anUnreadableDurationFromTheEnvironmentNamesTheVariable() {
    assertThat(problemWithEnv("LETHE_PROGRESS_POLL_INTERVAL", "abc"))
        .isEqualTo(
            "LETHE_PROGRESS_POLL_INTERVAL=abc: expected a duration like 15s, 500ms, 2m or PT15S");
  }

  @Test
  void leaderElectionIsTrueOrFalseInAnyCaseAndNothingElse() {
    assertThat(flags("--leader-election=TRUE").leaderElection()).isTrue();
    assertThat(flags("--leader-election=False").leaderElection()).isFalse();
    assertThat(problemWithEnv("LETHE_LEADER_ELECTION", "yes"))
        .isEqualTo("LETHE_LEADER_ELECTION=yes: expected true or false");
    assertThat(problemWithFlags("--leader-election", "1"))
        .isEqualTo("--leader-election 1: expected true or false");
  }

  @Test
  void portsRunFrom0To65535() {
    assertThat(flags("--http-port=0").httpPort()).isZero();
    assertThat(flags("--http-port=1").httpPort()).isEqualTo(1);
    assertThat(flags("--http-port=65535").httpPort()).isEqualTo(65535);
    for (String port : new String[] {"-1", "65536", "http", "80.0", "99999999999"}) {
      assertThat(problemWithFlags("--http-port=" + port))
          .isEqualTo(
              "--http-port=" + port + ": expected a port from 1 to 65535, or 0 for any free port");
    }
  }

  @Test
  void aNegativePortAfterASpaceIsTakenAsTheValue() {
    assertThat(problemWithFlags("--http-port", "-1"))
        .isEqualTo("--http-port -1: expected a port from 1 to 65535, or 0 for any free port");
  }

  @Test
  void anInvalidLeaseNameIsNamed() {
    assertThat(problemWithEnv("LETHE_LEASE_NAME", "Lethe_A"))
        .isEqualTo("LETHE_LEASE_NAME=Lethe_A: expected a Lease name: " + LABEL);
  }

  @Test
  void anInvalidNamespaceIsNamed() {
    assertThat(problemWithEnv("LETHE_NAMESPACES", "ml,Team_A"))
        .isEqualTo(
            "LETHE_NAMESPACES=ml,Team_A: \"Team_A\" is not a namespace name: expected " + LABEL);
    assertThat(problemWithFlags("--namespaces=-ml")).startsWith("--namespaces=-ml: \"-ml\" is not");
    assertThat(problemWithFlags("--namespaces=ml-")).startsWith("--namespaces=ml-: \"ml-\" is not");
  }

  @Test
  void anInvalidLeaseNamespaceIsRefused() {
    assertThat(problemWithFlags("--lease-namespace=Kube.System"))
        .isEqualTo("--lease-namespace=Kube.System: expected a namespace name: " + LABEL);
  }

  @Test
  void aTrainerImageMustBeNonEmptyAndWithoutSpaces() {
    String expected =
        ": expected a container image like registry.example.com/lethe-trainer:0.1.0, without"
            + " spaces";

    assertThat(problemWithFlags("--trainer-image=")).isEqualTo("--trainer-image=" + expected);
    assertThat(problemWithFlags("--trainer-image", "lethe trainer"))
        .isEqualTo("--trainer-image lethe trainer" + expected);
  }

  @Test
  void everyInvalidValueIsReportedAtOnceOnePerLine() {
    assertThatThrownBy(
            () ->
                OperatorSettings.parse(
                    Map.of("LETHE_LEADER_ELECTION", "yes"), "--http-port=x", "--namespaces=A"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            String.join(
                "\n",
                "--namespaces=A: \"A\" is not a namespace name: expected " + LABEL,
                "LETHE_LEADER_ELECTION=yes: expected true or false",
                "--http-port=x: expected a port from 1 to 65535, or 0 for any free port"));
  }

  @Test
  void anUnknownFlagNamesItselfAndTheKnownOnes() {
    String expected = "unknown flag --trainer-img; known flags: " + KNOWN_FLAGS;

    assertThat(problemWithFlags("--trainer-img", "x")).isEqualTo(expected);
    assertThat(problemWithFlags("--trainer-img=x")).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "--help, Usage: lethe-operator [flags]",
    "-h, --trainer-image=IMAGE",
    "--version, lethe-operator "
  })
  void helpAndVersionAreAnsweredInsteadOfReadingTheSettings(String flag, String answer) {
    StringWriter out = new StringWriter();

    Optional<OperatorSettings> read =
        new OperatorCommand(Map.of("LETHE_HTTP_PORT", "http"))
            .settingsUnlessHelp(new PrintWriter(out), "--http-port=1", flag);

    assertThat(read).isEmpty();
    assertThat(out.toString()).contains(answer);
  }

  @Test
  void aFlagWithoutAValueSaysSo() {
    String expected = "--http-port needs a value: write --http-port VALUE or --http-port=VALUE";

    assertThat(problemWithFlags("--http-port")).isEqualTo(expected);
    assertThat(problemWithFlags("--http-port", "--leader-election=true")).isEqualTo(expected);
  }

  @Test
  void anArgumentThatIsNotAFlagIsRefused() {
    assertThat(problemWithFlags("8080"))
        .isEqualTo("unexpected argument \"8080\": flags are written --name value or --name=value");
    assertThat(problemWithFlags("-http-port=1")).startsWith("unexpected argument \"-http-port=1\"");
  }

  @Test
  void theUsageListsEveryFlagWithItsVariableAndDefault() {
    String usage = OperatorSettings.usage();

    assertThat(usage)
        .contains("--trainer-image=IMAGE", "env LETHE_TRAINER_IMAGE, default lethe-trainer:dev")
        .contains("--namespaces=NS[,NS...]", "env LETHE_NAMESPACES, default all namespaces")
        .contains("--progress-poll-interval=DURATION", "LETHE_PROGRESS_POLL_INTERVAL, default 15s")
        .contains("--leader-election=true|false", "env LETHE_LEADER_ELECTION, default true")
        .contains("--lease-namespace=NS", "env LETHE_LEASE_NAMESPACE")
        .contains("--lease-name=NAME", "env LETHE_LEASE_NAME, default lethe-operator")
        .contains("--http-port=PORT", "env LETHE_HTTP_PORT, default 8080")
        .contains("--start-deadline=DURATION", "env LETHE_START_DEADLINE, default 10m")
        .contains("--help", "--version");
    for (String flag : KNOWN_FLAGS.split(", ")) {
      assertThat(usage).contains("  " + flag + "=");
    }
  }

  @Test
  void durationsAreShownInTheirShortestExactForm() {
    assertThat(DurationText.of(Duration.ofHours(1))).isEqualTo("1h");
    assertThat(DurationText.of(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(DurationText.of(Duration.ofMinutes(2))).isEqualTo("2m");
    assertThat(DurationText.of(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(DurationText.of(Duration.ofNanos(1500))).isEqualTo("PT0.0000015S");
  }
}
