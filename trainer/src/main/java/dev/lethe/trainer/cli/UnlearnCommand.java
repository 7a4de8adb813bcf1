package dev.lethe.trainer.cli;

import dev.lethe.contract.Limits;
import dev.lethe.contract.Result;
import dev.lethe.contract.TrainerConfig;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code unlearn}: the job {@code run} trains, for a person at a terminal, with the defaults the
 * API gives an UnlearningJob. The result lands beside the adapter.
 */
@Command(
    name = "unlearn",
    customSynopsis =
        "lethe-trainer unlearn --model DIR --forget FILE [--retain FILE] --method NAME --output DIR [options]",
    description =
        "Unlearn a forget set from a model into a LoRA adapter; the result lands in"
            + " OUTPUT/result.json.")
final class UnlearnCommand implements Subcommand {
  @Mixin private ModelAndSets inputs;

  @Option(names = "--refusals", paramLabel = "FILE", description = "IdkDPO's refusals.")
  private String refusals;

  @Option(names = "--anchors", paramLabel = "FILE", description = "WHP's anchored terms (JSON).")
  private String anchors;

  @Option(names = "--output", required = true, paramLabel = "DIR")
  private String output;

  @Mixin private MethodOptions method;
  @Mixin private LoraOptions lora;
  @Mixin private DataOptions data;
  @Mixin private TrainingOptions training;
  @Mixin private MeasureOptions measure;
  @Mixin private ScheduleOptions schedule;

  @Option(
      names = "--merged-model",
      arity = "1",
      paramLabel = "true|false",
      description = "Also write the base model with the adapter merged in.")
  private boolean mergedModel;

  @Option(names = "--port", paramLabel = "PORT", description = "Of /metrics and /progress.")
  private int port = Limits.TRAINER_PORT;

  @Option(names = "--bind-address", paramLabel = "ADDRESS")
  private String bindAddress = "127.0.0.1";

  @Override
  public Result run() throws IOException {
    Path out = Path.of(output);
    TrainerConfig config =
        new TrainerConfig(
            out.getFileName().toString(),
            new TrainerConfig.ModelConfig(inputs.model),
            inputs.data(data).withRefusals(refusals).withAnchors(anchors),
            method.config(),
            lora.config(),
            training.config(data.maxSeqLen),
            measure.config(schedule),
            new TrainerConfig.OutputConfig(out.toString(), mergedModel),
            new TrainerConfig.ReportingConfig(port, resultPath().toString()));
    return Training.unlearn(config, bindAddress);
  }

  @Override
  public Path resultPath() {
    return Path.of(output).resolve("result.json");
  }
}
