package dev.lethe.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/**
 * {@code lethe-local}'s command line, read by picocli: the commands {@code demo}, {@code up} and
 * {@code down}, each with {@link LocalOptions}, and {@code --help} and {@code --version} on each.
 */
@Command(
    name = "lethe-local",
    description = "Lethe on this machine: a control plane, the local node agent and the operator.",
    synopsisSubcommandLabel = "(demo | up | down)",
    commandListHeading = "%nCommands (each takes --home, --gpus and --operator-port):%n",
    footer = {
      "%n`make demo` runs demo and `make demo-down` runs down, with the options in ARGS:",
      "  make demo ARGS='--operator-port 8181 --gpus 1'"
    },
    subcommands = {
      LocalCommandLine.Demo.class,
      LocalCommandLine.Up.class,
      LocalCommandLine.Down.class
    },
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = LocalCommandLine.Version.class,
    sortOptions = false)
final class LocalCommandLine {
  private final Path repo;

  private LocalCommandLine(Path repo) {
    this.repo = repo;
  }

  /** The command line of local mode run from the checkout {@code repo}. */
  static CommandLine create(Path repo) {
    return new CommandLine(new LocalCommandLine(repo)).setPosixClusteredShortOptionsAllowed(false);
  }

  /** What every command has: its options, and the checkout it runs from. */
  abstract static class LocalCommand implements Callable<Integer> {
    @Mixin private LocalOptions options;
    @ParentCommand private LocalCommandLine parent;

    LocalSettings settings() {
      return options.settings(parent.repo);
    }
  }

  @Command(name = "demo", description = "Start Lethe here and run the demo job.")
  static final class Demo extends LocalCommand {
    @Option(
        names = "--exit",
        description = "Stop everything when the job ends (exit 0 if it succeeded).")
    boolean exitWhenDone;

    @Override
    public Integer call() throws Exception {
      return LocalMain.start(settings(), true, exitWhenDone);
    }
  }

  @Command(name = "up", description = "Start Lethe here; apply your own jobs with kubectl.")
  static final class Up extends LocalCommand {
    @Override
    public Integer call() throws Exception {
      return LocalMain.start(settings(), false, false);
    }
  }

  @Command(name = "down", description = "Stop what demo or up started from the same --home.")
  static final class Down extends LocalCommand {
    @Override
    public Integer call() throws Exception {
      System.out.println(LocalInstance.stop(settings().home(), Duration.ofSeconds(60)));
      return 0;
    }
  }

  /** The version of the jar it runs from. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = LocalMain.class.getPackage().getImplementationVersion();
      return new String[] {"lethe-local " + (version == null ? "a development build" : version)};
    }
  }
}
