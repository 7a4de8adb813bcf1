package dev.lethe.trainer.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.lethe.contract.ContractJson;
import dev.lethe.contract.ExitCode;
import dev.lethe.contract.InvalidConfigException;
import dev.lethe.contract.Result;
import dev.lethe.contract.TrainerConfig;
import dev.lethe.trainer.FineTuneRun;
import dev.lethe.trainer.UnlearningRun;
import dev.lethe.trainer.data.InvalidDataException;
import dev.lethe.trainer.eval.Evaluation;
import dev.lethe.trainer.model.ModelLoadException;
import dev.lethe.trainer.report.ProgressTracker;
import dev.lethe.trainer.report.ReportingServer;
import dev.lethe.trainer.report.TrainerMetrics;
import dev.lethe.trainer.train.TrainingDivergedException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code lethe-trainer}: the one place that turns what happened into an exit code (ARCHITECTURE.md
 * exit-code table) and a termination message. Subcommands:
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
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  static final String DEFAULT_TERMINATION_PATH = "/dev/termination-log";
  static final String USAGE =
      "usage: lethe-trainer run --config job.json\n"
          + "       lethe-trainer unlearn --model DIR --forget FILE [--retain FILE] --method NAME --output DIR [options]\n"
          + "       lethe-trainer finetune --model DIR --data FILE --output DIR [options]\n"
          + "       lethe-trainer tiny-model --data FILE --output DIR [options]\n"
          + "       lethe-trainer evaluate --model DIR --forget FILE [--retain FILE] [--holdout FILE]"
          + " --output FILE.json [options]";

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

  /** Runs a subcommand and returns the process exit code. */
  public static int run(String[] args) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
      System.err.println(USAGE);
      return args.length == 0 ? ExitCode.INVALID_CONFIG.code() : 0;
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    String terminationPath = DEFAULT_TERMINATION_PATH;
    Result result;
    try {
      switch (args[0]) {
        case "run" -> {
          Flags flags = Flags.parse("run", rest, Set.of("config", "bind-address"));
          ProcessPod pod = ProcessPod.fromEnvironment(System.getenv(), "0.0.0.0");
          terminationPath = pod.path(DEFAULT_TERMINATION_PATH); // until the config says
          TrainerConfig config =
              pod.config(readConfig(Path.of(pod.path(flags.required("config")))));
          terminationPath = config.reporting().terminationMessagePath();
          result = unlearn(config, flags.text("bind-address", pod.bindAddress()));
        }
        case "unlearn" -> {
          Flags flags =
              Flags.parse(
                  "unlearn",
                  rest,
                  union(
                      StandaloneConfig.UNLEARN_FLAGS,
                      StandaloneConfig.DATA_FLAGS,
                      StandaloneConfig.TRAINING_FLAGS,
                      StandaloneConfig.MEASURE_FLAGS,
                      StandaloneConfig.SCHEDULE_FLAGS));
          terminationPath = StandaloneConfig.resultPath(flags).toString();
          result =
              unlearn(StandaloneConfig.unlearn(flags), flags.text("bind-address", "127.0.0.1"));
        }
        case "finetune" ->
            result =
                finetune(
                    Flags.parse(
                        "finetune",
                        rest,
                        union(
                            Set.of("model", "data", "output"),
                            StandaloneConfig.DATA_FLAGS,
                            StandaloneConfig.TRAINING_FLAGS)));
        case "tiny-model" ->
            result =
                tinyModel(
                    Flags.parse(
                        "tiny-model",
                        rest,
                        union(TinyModelCommand.FLAGS, StandaloneConfig.DATA_FLAGS)));
        case "evaluate" ->
            result =
                evaluate(
                    Flags.parse(
                        "evaluate",
                        rest,
                        union(
                            EvaluateCommand.FLAGS,
                            StandaloneConfig.DATA_FLAGS,
                            StandaloneConfig.MEASURE_FLAGS)));
        default -> throw new InvalidConfigException("unknown command '" + args[0] + "'\n" + USAGE);
      }
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
          new Result(
              1,
              "crashed: " + e.getClass().getName() + " (the stack trace is in the trainer's log)",
              null,
              null,
              null,
              null,
              null,
              null);
    }
    writeTerminationMessage(Path.of(terminationPath), result);
    return result.exitCode();
  }

  private static TrainerConfig readConfig(Path file) {
    try {
      return ContractJson.readConfig(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new InvalidConfigException("config file " + file + " does not exist");
    } catch (IOException e) {
      throw new InvalidConfigException("cannot read config file " + file + ": " + e.getMessage());
    }
  }

  private static Result unlearn(TrainerConfig config, String bindAddress) throws IOException {
    LOG.info("job {}: {}", config.jobName(), ContractJson.write(config));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ProgressTracker tracker =
        new ProgressTracker(
            new TrainerMetrics(registry),
            System.console() != null ? System.out : null,
            10,
            Clock.systemUTC());
    try (ReportingServer server =
            ReportingServer.start(bindAddress, config.reporting().port(), registry, tracker);
        NDManager manager = NDManager.newBaseManager()) {
      LOG.info("serving /metrics and /progress on {}:{}", bindAddress, server.port());
      Engine engine = Engine.getInstance();
      LOG.info(
          "training on {} with {} {} ({} CPU threads)",
          manager.getDevice(),
          engine.getEngineName(),
          engine.getVersion(),
          System.getProperty("ai.djl.pytorch.num_threads", "libtorch's default"));
      Result result = UnlearningRun.run(config, manager, tracker);
      LOG.info(
          "{} (exit {}): before {} after {}",
          result.message(),
          result.exitCode(),
          result.before(),
          result.after());
      return result;
    }
  }

  private static Result finetune(Flags f) throws IOException {
    Path output = Path.of(f.required("output"));
    ProgressTracker tracker =
        new ProgressTracker(
            new TrainerMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)),
            System.console() != null ? System.out : null,
            10,
            Clock.systemUTC());
    try (NDManager manager = NDManager.newBaseManager()) {
      long steps =
          FineTuneRun.run(
              Path.of(f.required("model")),
              StandaloneConfig.data(f, f.required("data"), null, null, null),
              StandaloneConfig.training(f),
              output,
              manager,
              tracker);
      return new Result(
          0,
          "fine-tuned in " + steps + " steps; model written to " + output,
          null,
          null,
          null,
          null,
          steps,
          null);
    }
  }

  private static Result evaluate(Flags f) throws IOException {
    try (NDManager manager = NDManager.newBaseManager()) {
      Evaluation evaluation = EvaluateCommand.run(f, manager);
      LOG.info("evaluation: {}", evaluation.metrics());
      return new Result(
          0,
          "evaluated; written to " + f.required("output"),
          null,
          null,
          evaluation.named(),
          null,
          null,
          null);
    }
  }

  private static Result tinyModel(Flags f) throws IOException {
    Path output = Path.of(f.required("output"));
    TinyModelCommand.write(f, output);
    return new Result(0, "tiny model written to " + output, null, null, null, null, null, null);
  }

  /**
   * A failure whose cause is the input: its message, which says what to fix and never quotes a
   * user's file (ReadErrors), without a stack trace.
   */
  private static Result failure(ExitCode code, RuntimeException e) {
    LOG.error("{}: {}", code.reason(), e.getMessage());
    return new Result(
        code.code(), code.reason() + ": " + e.getMessage(), null, null, null, null, null, null);
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

  @SafeVarargs
  private static Set<String> union(Set<String>... sets) {
    Set<String> all = new HashSet<>();
    for (Set<String> s : sets) {
      all.addAll(s);
    }
    return all;
  }
}
