package dev.lethe.trainer.cli;

import ai.djl.ndarray.NDManager;
import dev.lethe.contract.Result;
import dev.lethe.trainer.FineTuneRun;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code finetune}: full fine-tuning, to make the small target models unlearning starts from. */
@Command(
    name = "finetune",
    customSynopsis = "lethe-trainer finetune --model DIR --data FILE --output DIR [options]",
    description = "Train every weight of a model on a data file.")
final class FinetuneCommand implements Subcommand {
  @Option(names = "--model", required = true, paramLabel = "DIR")
  private String model;

  @Option(names = "--data", required = true, paramLabel = "FILE")
  private String data;

  @Option(names = "--output", required = true, paramLabel = "DIR")
  private String output;

  @Mixin private DataOptions reading;
  @Mixin private TrainingOptions training;

  @Override
  public Result run() throws IOException {
    try (NDManager manager = NDManager.newBaseManager()) {
      long steps =
          FineTuneRun.run(
              Path.of(model),
              reading.config(data),
              training.config(reading.maxSeqLen),
              Path.of(output),
              manager,
              Training.tracker(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
      return Result.of(0, "fine-tuned in " + steps + " steps; model written to " + output)
          .withSteps(steps);
    }
  }
}
