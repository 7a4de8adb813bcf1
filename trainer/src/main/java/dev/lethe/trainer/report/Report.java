package dev.lethe.trainer.report;

import dev.lethe.contract.ContractJson;
import dev.lethe.contract.Result.GateOutcome;
import dev.lethe.contract.TrainerConfig;
import dev.lethe.trainer.eval.Evaluation;
import dev.lethe.trainer.eval.EvaluationSchedule;
import dev.lethe.trainer.eval.RelearningAttack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code report.json} beside the adapter: the resolved config, the evaluations before unlearning
 * and of the kept checkpoint (every figure, and the per-example truth ratios), the metrics of every
 * evaluation during training, the gates, and where the time went.
 *
 * @param keptStep the optimiser step of the adapter that was written
 * @param history the metrics of each evaluated checkpoint, by step
 * @param steps the optimiser steps taken
 * @param earlyStop where training ended before its plan because every gate passed; null when it ran
 *     its plan
 */
public record Report(
    TrainerConfig config,
    Evaluation before,
    Evaluation after,
    long keptStep,
    List<Checkpoint> history,
    List<GateOutcome> gates,
    long steps,
    EvaluationSchedule.EarlyStop earlyStop,
    RelearningAttack.Outcome relearned,
    Map<String, Double> seconds) {

  public static final String FILE = "report.json";

  /** One evaluated checkpoint. */
  public record Checkpoint(long step, Map<String, Double> metrics) {}

  public void write(Path outputDir) throws IOException {
    Files.createDirectories(outputDir);
    Files.writeString(outputDir.resolve(FILE), ContractJson.write(this));
  }
}
