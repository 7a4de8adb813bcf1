package dev.lethe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParseResult;

/** What a person sees when local mode cannot start, or is already running, or is told wrongly. */
class LocalMessagesTest {
  @TempDir Path dir;

  LocalSettings settings(Path repo, int operatorPort) {
    return new LocalSettings(repo, new LocalHome(dir.resolve("home")), 0, operatorPort, "0.0.1");
  }

  @Test
  void missingBinariesAndJarsAreEachNamedWithHowToBuildThem() {
    List<String> problems =
        LocalCluster.problems(settings(dir.resolve("not-a-checkout"), freePort()));

    assertThat(problems)
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("kube-apiserver 0.0.1 is missing from ")
                    .endsWith(": build it with `make control-plane` (hack/build-control-plane.sh)"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .endsWith(
                        "trainer/target/lethe-trainer.jar is missing: build it with `make demo`"
                            + " (or ./mvnw package -DskipTests)"))
        .anySatisfy(p -> assertThat(p).contains("is missing: is ").endsWith(" a Lethe checkout?"));
  }

  @Test
  void aTakenOperatorPortIsNamedWithTheOptionThatMovesIt() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("0.0.0.0", 0));
      int port = taken.getLocalPort();

      List<String> problems = LocalCluster.problems(settings(dir, port));

      assertThat(problems)
          .anySatisfy(
              p ->
                  assertThat(p)
                      .startsWith("port " + port + " is taken (")
                      .endsWith(
                          "the operator serves /metrics and /healthz there; choose another with"
                              + " --operator-port (make demo ARGS='--operator-port 8181')"));
    }
  }

  @Test
  void aSecondLocalLetheFromTheSameHomeIsRefusedWithHowToStopTheFirst() throws Exception {
    LocalHome home = new LocalHome(dir);
    try (LocalInstance first = LocalInstance.claim(home, line -> {})) {
      assertThatThrownBy(() -> LocalInstance.claim(home, line -> {}))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "a local Lethe is already running from "
                  + dir
                  + " (process "
                  + ProcessHandle.current().pid()
                  + "; kubeconfig "
                  + home.kubeconfig()
                  + "): stop it with `make demo-down` (or Ctrl-C where it runs) first");
    }
    try (LocalInstance again = LocalInstance.claim(home, line -> {})) {
      assertThat(Files.readString(home.pidFile()))
          .isEqualTo(String.valueOf(ProcessHandle.current().pid()));
    }
  }

  @Test
  void stoppingWhenNothingRunsSaysSo() throws Exception {
    LocalHome home = new LocalHome(dir.resolve("never"));

    assertThat(LocalInstance.stop(home, Duration.ofSeconds(1)))
        .isEqualTo("no local Lethe has run from " + home.dir() + ": nothing to stop");
  }

  @Test
  void processesLeftByAKilledLocalLetheAreEndedByTheNextOne() throws Exception {
    LocalHome home = new LocalHome(dir);
    Process orphan = new ProcessBuilder("sleep", "600").start();
    ProcessHandle h = orphan.toHandle();
    Files.createDirectories(home.dir());
    Files.writeString(
        home.processesFile(),
        h.pid() + " " + h.info().startInstant().orElseThrow() + " /usr/bin/sleep\n");
    List<String> said = new ArrayList<>();

    try (LocalInstance instance = LocalInstance.claim(home, said::add)) {
      assertThat(orphan.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(said)
        .containsExactly(
            "ended /usr/bin/sleep (process "
                + h.pid()
                + "), left by a local Lethe that was killed");
  }

  /** What {@code lethe-local ARGS} says on its error stream, and its exit code. */
  record Run(int exitCode, String out, String err) {}

  Run letheLocal(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        LocalCommandLine.create(dir)
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void helpPrintsTheUsageAndExitsZero() {
    Run help = letheLocal("--help");

    assertThat(help.exitCode()).isZero();
    assertThat(help.err()).isEmpty();
    assertThat(help.out())
        .startsWith("Usage: lethe-local [-h] [-V] (demo | up | down)")
        .contains("demo  Start Lethe here and run the demo job.")
        .doesNotContain("unknown command");
    assertThat(letheLocal("demo", "--help").out())
        .contains("--exit", "--gpus=N", "--home=DIR", "--operator-port=PORT", "default: 8080");
  }

  @Test
  void badOptionsAreRefusedWithWhatIsAllowed() {
    assertThat(letheLocal().err()).startsWith("Missing required subcommand");
    assertThat(letheLocal("start").err())
        .startsWith("Unmatched argument at index 0: 'start'")
        .contains("Usage: lethe-local");
    assertThat(letheLocal("demo", "--gpus", "many").err())
        .contains("Usage: lethe-local demo")
        .startsWith("Invalid value for option '--gpus': 'many' is not a whole number from 0 to 64");
    assertThat(letheLocal("up", "--operator-port").err())
        .startsWith("Missing required parameter for option '--operator-port' (PORT)");
    assertThat(letheLocal("up", "--verbose", "1").err())
        .startsWith("Unknown options: '--verbose', '1'");
    assertThat(letheLocal("up", "--exit").err()).startsWith("Unknown option: '--exit'");
    assertThat(letheLocal("up", "--verbose", "1").exitCode()).isEqualTo(2);
  }

  @Test
  void optionsAreReadIntoTheSettings() {
    ParseResult parsed =
        LocalCommandLine.create(dir).parseArgs("demo", "--exit", "--gpus", "2", "--home", "h");

    LocalCommandLine.Demo demo =
        (LocalCommandLine.Demo) parsed.subcommand().commandSpec().userObject();
    assertThat(demo.exitWhenDone).isTrue();
    assertThat(demo.settings().gpus()).isEqualTo(2);
    assertThat(demo.settings().home().dir()).isEqualTo(Path.of("h").toAbsolutePath());
    assertThat(demo.settings().operatorPort()).isEqualTo(8080);
    assertThat(demo.settings().repo()).isEqualTo(dir);
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
