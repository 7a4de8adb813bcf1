package dev.lethe.bench.quality;

import ai.djl.ndarray.NDManager;
import dev.lethe.bench.data.Split;
import dev.lethe.bench.data.SyntheticBenchmark;
import dev.lethe.contract.EvaluationConfig;
import dev.lethe.trainer.eval.Evaluation;
import dev.lethe.trainer.eval.Evaluator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A split's evaluation sets, as TOFU measures: the forget split, the retain questions of people in
 * no forget split, the world facts for utility, and the holdout people for membership inference.
 */
record ReferenceEvaluation(Recipe recipe, Path data, Split split) {

  /**
   * The evaluation config of every run on the split, the relearning attack included (only an
   * unlearning run makes it); {@code reference} may be null.
   */
  static EvaluationConfig config(Recipe recipe, Path data, Split split, Path reference) {
    return EvaluationConfig.builder()
        .retain(data.resolve(SyntheticBenchmark.RETAIN_EVAL_FILE).toString())
        .holdout(data.resolve(split.holdoutFile()).toString())
        .utility(
            Map.of("world-facts", data.resolve(SyntheticBenchmark.WORLD_FACTS_FILE).toString()))
        .reference(reference == null ? null : reference.toString())
        .relearn(recipe.relearn())
        .maxNewTokens(recipe.maxNewTokens())
        .build();
  }

  /** A whole model (the target, or a retain model) measured against {@code reference}. */
  Evaluation measure(Path model, Path reference, NDManager manager) {
    return Evaluator.measure(
        model,
        QualityBenchmark.qa(data.resolve(split.forgetFile()).toString(), null),
        config(recipe, data, split, reference),
        recipe.unlearn().batchSize(),
        recipe.unlearn().maxSeqLen(),
        manager);
  }

  /** Writes a retain model's evaluation: the reference of the split's forget quality. */
  void write(Path model, Path file, NDManager manager) throws IOException {
    measure(model, null, manager).write(file);
  }
}
