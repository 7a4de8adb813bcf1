package dev.lethe.trainer.cli;

import dev.lethe.contract.ContractJson;
import dev.lethe.contract.InvalidConfigException;
import dev.lethe.contract.Result;
import dev.lethe.contract.TrainerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code run}: the job the operator wrote, as its trainer Job's container runs it. */
@Command(
    name = "run",
    customSynopsis = "lethe-trainer run --config FILE [--bind-address ADDRESS]",
    description = "Train the job of a trainer config, as the operator writes it (JSON).")
final class RunCommand implements Subcommand {
  @Option(names = "--config", required = true, paramLabel = "FILE")
  private String config;

  @Option(
      names = "--bind-address",
      paramLabel = "ADDRESS",
      description = "Where /metrics and /progress listen (default: the pod's address).")
  private String bindAddress;

  private String resultPath = Main.DEFAULT_TERMINATION_PATH;

  @Override
  public Result run() throws IOException {
    ProcessPod pod = ProcessPod.fromEnvironment(System.getenv(), "0.0.0.0");
    resultPath = pod.path(Main.DEFAULT_TERMINATION_PATH); // until the config says
    TrainerConfig job = pod.config(read(Path.of(pod.path(config))));
    resultPath = job.reporting().terminationMessagePath();
    return Training.unlearn(job, bindAddress != null ? bindAddress : pod.bindAddress());
  }

  @Override
  public Path resultPath() {
    return Path.of(resultPath);
  }

  private static TrainerConfig read(Path file) {
    try {
      return ContractJson.readConfig(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new InvalidConfigException("config file " + file + " does not exist");
    } catch (IOException e) {
      throw new InvalidConfigException("cannot read config file " + file + ": " + e.getMessage());
    }
  }
}
