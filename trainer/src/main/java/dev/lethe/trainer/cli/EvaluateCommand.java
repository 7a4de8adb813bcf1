package dev.lethe.trainer.cli;

import ai.djl.ndarray.NDManager;
import dev.lethe.contract.Limits;
import dev.lethe.contract.Result;
import dev.lethe.trainer.eval.Evaluation;
import dev.lethe.trainer.eval.Evaluator;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code evaluate}: measures a model as a job does, without training, and writes the evaluation as
 * JSON. Run on a model trained without the forget set, its output is the {@code
 * evaluation.reference} that forget quality and privleak compare against (what open-unlearning
 * calls the retain logs, open-unlearning#63).
 */
@Command(
    name = "evaluate",
    customSynopsis =
        "lethe-trainer evaluate --model DIR --forget FILE [--retain FILE] [--holdout FILE] --output FILE.json [options]",
    description = "Measure a model as a job does, without training; write the evaluation (JSON).")
final class EvaluateCommand implements Subcommand {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluateCommand.class);

  @Mixin private ModelAndSets inputs;

  @Option(names = "--output", required = true, paramLabel = "FILE.json")
  private String output;

  @Option(names = "--batch-size", paramLabel = "N")
  private int batchSize = Limits.DEFAULT_BATCH_SIZE;

  @Mixin private DataOptions data;
  @Mixin private MeasureOptions measure;

  @Override
  public Result run() throws IOException {
    try (NDManager manager = NDManager.newBaseManager()) {
      Evaluation evaluation =
          Evaluator.measure(
              Path.of(inputs.model),
              inputs.data(data),
              measure.config(ScheduleOptions.NONE),
              batchSize,
              data.maxSeqLen,
              manager);
      evaluation.write(Path.of(output));
      LOG.info("evaluation: {}", evaluation.metrics());
      return Result.of(0, "evaluated; written to " + output).withAfter(evaluation.named());
    }
  }
}
