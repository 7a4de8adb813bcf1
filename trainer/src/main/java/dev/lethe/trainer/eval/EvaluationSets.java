package dev.lethe.trainer.eval;

import dev.lethe.contract.DataConfig;
import dev.lethe.contract.EvaluationConfig;
import dev.lethe.contract.InvalidConfigException;
import dev.lethe.contract.Metric;
import dev.lethe.trainer.data.InvalidDataException;
import dev.lethe.trainer.data.TextTokenizer;
import dev.lethe.trainer.data.UnlearningData;
import dev.lethe.trainer.eval.EvaluationSet.Kind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Everything a job is measured on: the forget set, the retain set (when there is one), the named
 * utility sets, the holdout set and the reference evaluation (when given).
 */
public record EvaluationSets(
    EvaluationSet forget,
    EvaluationSet retain,
    List<EvaluationSet> named,
    EvaluationSet holdout,
    Evaluation reference) {

  /** privleak's reference AUC when no reference evaluation has one: open-unlearning's default. */
  static final double DEFAULT_REFERENCE_AUC = 0.5;

  /** Reads and tokenises every file the job names; a malformed file is bad data. */
  public static EvaluationSets load(
      DataConfig data, EvaluationConfig evaluation, TextTokenizer tokenizer, int maxLength) {
    String retainFile = evaluation.retain() != null ? evaluation.retain() : data.retain();
    List<EvaluationSet> named = new ArrayList<>();
    for (Map.Entry<String, String> set : evaluation.utility().entrySet()) {
      named.add(
          read(
              "utility." + set.getKey(), Kind.UTILITY, set.getValue(), data, tokenizer, maxLength));
    }
    EvaluationSets sets =
        new EvaluationSets(
            read("forget", Kind.FORGET, data.forget(), data, tokenizer, maxLength),
            retainFile == null
                ? null
                : read("retain", Kind.RETAIN, retainFile, data, tokenizer, maxLength),
            named,
            evaluation.holdout() == null
                ? null
                : read("holdout", Kind.HOLDOUT, evaluation.holdout(), data, tokenizer, maxLength),
            evaluation.reference() == null
                ? null
                : Evaluation.read(Path.of(evaluation.reference())));
    sets.checkReference(evaluation.reference());
    return sets;
  }

  private static EvaluationSet read(
      String name,
      Kind kind,
      String file,
      DataConfig data,
      TextTokenizer tokenizer,
      int maxLength) {
    return EvaluationSet.of(
        name, kind, file, UnlearningData.readEvaluation(Path.of(file), data), tokenizer, maxLength);
  }

  /** The sets model utility is the harmonic mean over: retain first, then the named ones. */
  public List<EvaluationSet> utility() {
    List<EvaluationSet> all = new ArrayList<>();
    if (retain != null) {
      all.add(retain);
    }
    all.addAll(named);
    return all;
  }

  /** The reference model's forget truth ratios, for forget quality. */
  double[] referenceTruthRatios() {
    return reference.perExample().get(Evaluation.FORGET_TRUTH_RATIOS);
  }

  /** The reference model's Min-K% AUC, or 0.5 when there is none. */
  double referenceAuc() {
    Double auc = reference == null ? null : reference.metrics().get(Evaluation.PRIVLEAK_AUC);
    return auc != null ? auc : DEFAULT_REFERENCE_AUC;
  }

  /**
   * Refuses, before any training, to gate on or keep the best by a metric these sets cannot
   * measure, saying what is missing.
   */
  public void requireMeasurable(Collection<Metric> metrics) {
    for (Metric metric : metrics) {
      switch (metric) {
        case FORGET_TRUTH_RATIO, FORGET_QUALITY -> requirePerturbed(metric, forget);
        case RETAIN_TRUTH_RATIO -> requirePerturbed(metric, requireRetain(metric));
        case RETAIN_NLL,
                RETAIN_TOKEN_ACCURACY,
                RETAIN_PROBABILITY,
                RETAIN_ROUGE_L,
                RETAIN_ROUGE_L_F1 ->
            requireRetain(metric);
        case MODEL_UTILITY -> {
          if (utility().isEmpty()) {
            throw new InvalidConfigException(
                "modelUtility needs a retain set (data.retain or evaluation.retain) or"
                    + " evaluation.utility sets");
          }
        }
        default -> {} // the forget set's own figures, and privleak (the config requires holdout)
      }
    }
  }

  private EvaluationSet requireRetain(Metric metric) {
    if (retain == null) {
      throw new InvalidConfigException(
          metric + " needs a retain set: give data.retain or evaluation.retain");
    }
    return retain;
  }

  private static void requirePerturbed(Metric metric, EvaluationSet set) {
    if (!set.hasPerturbed()) {
      throw new InvalidDataException(
          set.source()
              + ": "
              + metric
              + " needs qa lines with \"perturbed_answer\" (wrong answers, as in TOFU's"
              + " *_perturbed files)");
    }
  }

  /** The reference must hold forget truth ratios for as many lines as this forget set has. */
  private void checkReference(String file) {
    if (reference == null || !forget.hasPerturbed()) {
      return;
    }
    double[] ratios = referenceTruthRatios();
    if (ratios == null || ratios.length != forget.items().size()) {
      throw new InvalidDataException(
          "evaluation.reference "
              + file
              + " has "
              + (ratios == null ? "no" : ratios.length)
              + " forget truth ratios but the forget set has "
              + forget.items().size()
              + " lines: evaluate the reference model on this forget set (lethe-trainer evaluate)");
    }
  }
}
