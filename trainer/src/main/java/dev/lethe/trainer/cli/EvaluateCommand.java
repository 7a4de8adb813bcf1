package dev.lethe.trainer.cli;

import ai.djl.ndarray.NDManager;
import dev.lethe.contract.DataConfig;
import dev.lethe.contract.Limits;
import dev.lethe.trainer.eval.Evaluation;
import dev.lethe.trainer.eval.Evaluator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code evaluate}: measures a model as a job does, without training, and writes the evaluation as
 * JSON. Run on a model trained without the forget set, its output is the {@code
 * evaluation.reference} that forget quality and privleak compare against (what open-unlearning
 * calls the retain logs, open-unlearning#63).
 */
final class EvaluateCommand {
  static final Set<String> FLAGS = Set.of("model", "forget", "retain", "output", "batch-size");

  private EvaluateCommand() {}

  static Evaluation run(Flags f, NDManager manager) throws IOException {
    DataConfig data =
        StandaloneConfig.data(f, f.required("forget"), f.text("retain", null), null, null);
    Evaluation evaluation =
        Evaluator.measure(
            Path.of(f.required("model")),
            data,
            StandaloneConfig.evaluation(f),
            f.integer("batch-size", Limits.DEFAULT_BATCH_SIZE),
            f.integer("max-seq-len", Limits.DEFAULT_SEQ_LEN),
            manager);
    evaluation.write(Path.of(f.required("output")));
    return evaluation;
  }
}
