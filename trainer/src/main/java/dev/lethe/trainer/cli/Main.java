package dev.lethe.trainer.cli;

import dev.lethe.contract.ContractJson;
import dev.lethe.contract.ExitCode;
import dev.lethe.contract.InvalidConfigException;
import dev.lethe.contract.Result;
import dev.lethe.trainer.data.InvalidDataException;
import dev.lethe.trainer.model.ModelLoadException;
import dev.lethe.trainer.train.TrainingDivergedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * {@code lethe-trainer}: the one place that turns what happened into an exit code (the contract's
 * {@link ExitCode}) and a termination message. Its commands ({@link TrainerCommand}):
 *
 * <ul>
 *   <li>{@code run --config job.json}: the contract config, as the operator writes it;
 *   <li>{@code unlearn --model DIR --forget F [--retain R] --method M --output DIR [...]}: the same
 *       for a person at a terminal;
 *   <li>{@code finetune --model DIR --data F --output DIR [...]}: full fine-tuning, to make small
 *       target models;
 *   <li>{@code tiny-model --data F --output DIR [...]}: a small randomly initialised Llama whose
 *       tokenizer knows the words of F, the starting point for {@code finetune};
 *   <li>{@code evaluate --model DIR --forget F [--holdout H] [...] --output FILE}: measure a model
 *       without training, e.g. the reference for forget quality.
 * </ul>
 *
 * A command line it cannot use is an invalid config (exit code 10), like a config file it cannot
 * use; {@code --help} and {@code --version} exit 0.
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  static final String DEFAULT_TERMINATION_PATH = "/dev/termination-log";

  private Main() {}

  public static void main(String[] args) {
    // Before DJL loads: never reach the network (telemetry, library downloads). Offline is the
    // only mode the trainer supports; libtorch comes from the pytorch-native-cpu jar.
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    // libtorch sizes its CPU thread pool by the node's cores, not the pod's CPU limit
    // (docs/djl.md#threads); the JVM's count honours the container's limit.
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
      System.setProperty(
          "ai.djl.pytorch.num_threads",
          Integer.toString(Runtime.getRuntime().availableProcessors()));
    }
    System.exit(run(args));
  }

  /** Runs a command and returns the process exit code. */
  public static int run(String[] args) {
    CommandLine line = TrainerCommand.create();
    Subcommand command = null;
    Result result;
    try {
      ParseResult parsed = line.parseArgs(args);
      Integer help = CommandLine.executeHelpRequest(parsed);
      if (help != null) {
        return help;
      }
      if (!parsed.hasSubcommand()) {
        line.usage(System.err);
        return ExitCode.INVALID_CONFIG.code();
      }
      command = (Subcommand) parsed.subcommand().commandSpec().userObject();
      result = command.run();
    } catch (ParameterException e) {
      result = failure(ExitCode.INVALID_CONFIG, e);
      System.err.println(e.getCommandLine().getCommandSpec().qualifiedName() + " --help says more");
    } catch (InvalidConfigException e) {
      result = failure(ExitCode.INVALID_CONFIG, e);
    } catch (InvalidDataException e) {
      result = failure(ExitCode.INVALID_DATA, e);
    } catch (ModelLoadException e) {
      result = failure(ExitCode.MODEL_LOAD_FAILED, e);
    } catch (TrainingDivergedException e) {
      result = failure(ExitCode.TRAINING_DIVERGED, e);
    } catch (IOException | RuntimeException e) {
      // Our bug or the machine's: the stack trace belongs in the log. The result, which the
      // operator puts into the job's status, names only the exception's class: a library's message
      // can quote what it was reading.
      LOG.error("the trainer crashed", e);
      result =
          Result.of(
              1,
              "crashed: " + e.getClass().getName() + " (the stack trace is in the trainer's log)");
    }
    Path resultPath = command != null ? command.resultPath() : Path.of(DEFAULT_TERMINATION_PATH);
    writeTerminationMessage(resultPath, result);
    return result.exitCode();
  }

  /**
   * A failure whose cause is the input: its message, which says what to fix and never quotes a
   * user's file, without a stack trace.
   */
  private static Result failure(ExitCode code, RuntimeException e) {
    LOG.error("{}: {}", code.reason(), e.getMessage());
    return Result.of(code.code(), code.reason() + ": " + e.getMessage());
  }

  /** Best effort: outside a pod there is no /dev/termination-log, and we do not create one. */
  private static void writeTerminationMessage(Path path, Result result) {
    if (path.toString().equals(DEFAULT_TERMINATION_PATH) && !Files.exists(path)) {
      LOG.info(
          "not in a Kubernetes pod ({} is missing); result: {}",
          path,
          ContractJson.writeResult(result));
      return;
    }
    try {
      Files.writeString(path, ContractJson.writeResult(result));
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot write the result to {}: {}", path, e.toString());
    }
  }
}
