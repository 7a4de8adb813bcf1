package dev.lethe.trainer.cli;

import dev.lethe.contract.DataFormat;
import dev.lethe.contract.ExitCode;
import dev.lethe.contract.KeepBest;
import dev.lethe.contract.LoraInit;
import dev.lethe.contract.RetainLoss;
import dev.lethe.contract.Schedule;
import dev.lethe.contract.TargetModule;
import dev.lethe.contract.UnlearningMethod;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ScopeType;

/**
 * {@code lethe-trainer}'s command line, read by picocli: one {@link Subcommand} for each thing it
 * does, and {@code --help} and {@code --version} on each.
 */
@Command(
    name = "lethe-trainer",
    description = "Unlearns a forget set from a model into a LoRA adapter, and what goes with it.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      RunCommand.class,
      UnlearnCommand.class,
      FinetuneCommand.class,
      TinyModelCommand.class,
      EvaluateCommand.class,
      HelpCommand.class
    },
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = TrainerCommand.Version.class,
    showDefaultValues = true,
    sortOptions = false)
final class TrainerCommand {
  private TrainerCommand() {}

  /**
   * The command line, with the enum flags read in the API's spelling ({@link ApiName}); its help
   * ends with the exit codes.
   */
  static CommandLine create() {
    CommandLine line = new CommandLine(new TrainerCommand());
    line.getCommandSpec()
        .usageMessage()
        .footerHeading("%nExit codes:%n")
        .footer(
            Arrays.stream(ExitCode.values())
                .map(code -> String.format("%4d  %s", code.code(), code.meaning()))
                .toArray(String[]::new));
    return line.setPosixClusteredShortOptionsAllowed(false)
        .registerConverter(UnlearningMethod.class, new ApiName<>(UnlearningMethod.class))
        .registerConverter(RetainLoss.class, new ApiName<>(RetainLoss.class))
        .registerConverter(LoraInit.class, new ApiName<>(LoraInit.class))
        .registerConverter(TargetModule.class, new ApiName<>(TargetModule.class))
        .registerConverter(DataFormat.class, new ApiName<>(DataFormat.class))
        .registerConverter(Schedule.class, new ApiName<>(Schedule.class))
        .registerConverter(KeepBest.Goal.class, new ApiName<>(KeepBest.Goal.class));
  }

  /** The version of the jar it runs from. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"lethe-trainer " + (version == null ? "a development build" : version)};
    }
  }
}
