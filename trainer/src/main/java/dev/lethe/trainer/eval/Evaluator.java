package dev.lethe.trainer.eval;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.lethe.contract.DataConfig;
import dev.lethe.contract.EvaluationConfig;
import dev.lethe.trainer.data.EncodedExample;
import dev.lethe.trainer.data.EvaluationItem;
import dev.lethe.trainer.data.TextTokenizer;
import dev.lethe.trainer.eval.EvaluationSet.Kind;
import dev.lethe.trainer.model.LlamaModel;
import dev.lethe.trainer.model.ModelLoadException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import java.util.function.ToDoubleFunction;

/**
 * Measures a model on a job's evaluation sets (docs/metrics.md). Per set: the teacher-forced NLL
 * and token accuracy, the length-normalised answer probability, ROUGE-L of greedy generations and
 * the truth ratio; on the forget set also exact memorisation and extraction strength; membership
 * inference of the forget set against a holdout set; and the aggregates forget quality, model
 * utility and privleak.
 */
public final class Evaluator {
  /**
   * Min-K% and Min-K%++ score the lowest 40% of token log-probabilities
   * (docs/metrics.md#membership-inference).
   */
  static final double MIN_K = 0.4;

  private final LlamaModel model;
  private final TextTokenizer tokenizer;
  private final EvaluationSets sets;
  private final int batchSize;
  private final int maxNewTokens;

  public Evaluator(
      LlamaModel model,
      TextTokenizer tokenizer,
      EvaluationSets sets,
      int batchSize,
      int maxNewTokens) {
    this.model = model;
    this.tokenizer = tokenizer;
    this.sets = sets;
    this.batchSize = batchSize;
    this.maxNewTokens = maxNewTokens;
  }

  /**
   * Loads a model directory as it is (no adapters) and measures it on the sets a data and an
   * evaluation config name: {@code lethe-trainer evaluate}, and the reference of forget quality.
   */
  public static Evaluation measure(
      Path modelDir,
      DataConfig data,
      EvaluationConfig evaluation,
      int batchSize,
      int maxLength,
      NDManager manager) {
    try (LlamaModel model = LlamaModel.load(modelDir, manager, DataType.FLOAT32);
        TextTokenizer tokenizer = TextTokenizer.load(modelDir, model.config())) {
      EvaluationSets sets = EvaluationSets.load(data, evaluation, tokenizer, maxLength);
      return new Evaluator(model, tokenizer, sets, batchSize, evaluation.maxNewTokens())
          .evaluateUntrained();
    }
  }

  /**
   * Evaluates a model before any training of this run: a model that gives non-finite
   * log-probabilities now has broken weights, a model load error.
   */
  public Evaluation evaluateUntrained() {
    try {
      return evaluate();
    } catch (NonFiniteOutputException e) {
      throw new ModelLoadException(e.getMessage() + " before any training: its weights are broken");
    }
  }

  public Evaluation evaluate() {
    Map<String, Double> metrics = new LinkedHashMap<>();
    Map<String, double[]> perExample = new LinkedHashMap<>();
    boolean membership = sets.holdout() != null;
    List<TokenScores> forget = score(sets.forget().encoded(), membership);
    double[] forgetRatios = measure(sets.forget(), forget, metrics);
    if (forgetRatios != null) {
      perExample.put(Evaluation.FORGET_TRUTH_RATIOS, forgetRatios);
      if (sets.reference() != null) {
        metrics.put(
            "forgetQuality", KolmogorovSmirnov.pValue(forgetRatios, sets.referenceTruthRatios()));
      }
    }
    List<Double> utility = new ArrayList<>();
    for (EvaluationSet set : sets.utility()) {
      measure(set, score(set.encoded(), false), metrics);
      for (String figure : List.of("probability", "rougeL", "truthRatio")) {
        Double value = metrics.get(set.name() + "." + figure);
        if (value != null) {
          utility.add(value);
        }
      }
    }
    if (!utility.isEmpty()) {
      metrics.put(
          "modelUtility",
          ModelUtility.harmonicMean(utility.stream().mapToDouble(Double::doubleValue).toArray()));
    }
    if (membership) {
      infer(forget, score(sets.holdout().encoded(), true), metrics);
    }
    return new Evaluation(metrics, perExample);
  }

  /**
   * The figures of one set, under {@code <set>.}; returns its per-example truth ratios, or null
   * when its lines have no perturbed answers.
   */
  private double[] measure(
      EvaluationSet set, List<TokenScores> scores, Map<String, Double> metrics) {
    String p = set.name() + ".";
    putTokenFigures(p, scores, metrics);
    double[] nll = scores.stream().mapToDouble(TokenScores::meanNll).toArray();
    double[][] perturbed = set.hasPerturbed() ? perturbedNlls(set) : null;
    metrics.put(
        p + "probability",
        mean(
            nll.length,
            i ->
                set.kind() == Kind.UTILITY && perturbed != null
                    ? AnswerProbability.overOptions(nll[i], perturbed[i])
                    : AnswerProbability.normalised(nll[i])));
    GeneratedAnswers.Scores rouge =
        GeneratedAnswers.score(model, tokenizer, set.items(), maxNewTokens);
    metrics.put(p + "rougeL", Arrays.stream(rouge.recall()).average().orElseThrow());
    metrics.put(p + "rougeLF1", Arrays.stream(rouge.f1()).average().orElseThrow());
    if (set.kind() == Kind.FORGET) {
      metrics.put(
          p + "exactMemorization",
          mean(
              nll.length,
              i -> Memorization.exactMemorization(scores.get(i).withoutFinal().correct())));
      metrics.put(
          p + "extractionStrength",
          mean(
              nll.length,
              i -> Memorization.extractionStrength(scores.get(i).withoutFinal().correct())));
    }
    if (perturbed == null) {
      return null;
    }
    double[] ratios = truthRatios(set, nll, perturbed);
    metrics.put(
        p + "truthRatio",
        set.kind() == Kind.FORGET
            ? TruthRatio.forgetAggregate(ratios)
            : TruthRatio.retainAggregate(ratios));
    return ratios;
  }

  /** NLL per answer token and token accuracy over the whole set, as the losses count tokens. */
  private static void putTokenFigures(
      String prefix, List<TokenScores> scores, Map<String, Double> metrics) {
    double logProbSum = 0;
    double correct = 0;
    double tokens = 0;
    for (TokenScores s : scores) {
      logProbSum += Arrays.stream(s.logProbs()).sum();
      for (boolean c : s.correct()) {
        correct += c ? 1 : 0;
      }
      tokens += s.logProbs().length;
    }
    metrics.put(prefix + "nll", -logProbSum / tokens);
    metrics.put(prefix + "tokenAccuracy", correct / tokens);
  }

  /**
   * Each item's truth ratio: its perturbed answers against its paraphrase, or against the answer
   * itself on utility sets and where there is no paraphrase (docs/metrics.md#truth-ratio).
   */
  private double[] truthRatios(EvaluationSet set, double[] answerNlls, double[][] perturbed) {
    double[] paraphrase =
        set.kind() != Kind.UTILITY && set.paraphrases() != null
            ? nlls(set.paraphrases())
            : answerNlls;
    double[] ratios = new double[answerNlls.length];
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = TruthRatio.of(paraphrase[i], perturbed[i]);
    }
    return ratios;
  }

  /**
   * Membership inference of the forget set against the holdout set (open-unlearning's attacks: LOSS
   * and zlib on every answer token, Min-K% and Min-K%++ without the final one), and privleak.
   */
  private void infer(
      List<TokenScores> forget, List<TokenScores> holdout, Map<String, Double> metrics) {
    metrics.put("mia.loss", auc(forget, holdout, s -> MembershipAttacks.loss(s.logProbs())));
    metrics.put(
        "mia.zlib",
        RocAuc.of(zlib(forget, sets.forget().items()), zlib(holdout, sets.holdout().items())));
    metrics.put(
        Evaluation.PRIVLEAK_AUC,
        auc(forget, holdout, s -> MembershipAttacks.minK(s.withoutFinal().logProbs(), MIN_K)));
    metrics.put(
        "mia.minKPlusPlus",
        auc(
            forget,
            holdout,
            s -> {
              TokenScores t = s.withoutFinal();
              return MembershipAttacks.minKPlusPlus(t.logProbs(), t.means(), t.variances(), MIN_K);
            }));
    if (sets.referenceAuc() < 1) { // relative to 1 − AUC_ref: undefined for a perfect reference
      metrics.put(
          "privleak", PrivLeak.of(metrics.get(Evaluation.PRIVLEAK_AUC), sets.referenceAuc()));
    }
  }

  /** zlib scores: the answer's NLL over the compressed length of the answer text. */
  private static double[] zlib(List<TokenScores> scores, List<EvaluationItem> items) {
    double[] values = new double[scores.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = MembershipAttacks.zlib(scores.get(i).logProbs(), items.get(i).answer());
    }
    return values;
  }

  private static double auc(
      List<TokenScores> forget, List<TokenScores> holdout, ToDoubleFunction<TokenScores> score) {
    return RocAuc.of(
        forget.stream().mapToDouble(score).toArray(),
        holdout.stream().mapToDouble(score).toArray());
  }

  /** The mean NLL of each item's perturbed answers, {@code [item][answer]}. */
  private double[][] perturbedNlls(EvaluationSet set) {
    double[] flat = nlls(set.perturbed());
    double[][] perItem = new double[set.items().size()][];
    int k = 0;
    for (int i = 0; i < perItem.length; i++) {
      int n = set.items().get(i).perturbed().size();
      perItem[i] = Arrays.copyOfRange(flat, k, k + n);
      k += n;
    }
    return perItem;
  }

  private double[] nlls(List<EncodedExample> examples) {
    return score(examples, false).stream().mapToDouble(TokenScores::meanNll).toArray();
  }

  /**
   * @throws NonFiniteOutputException when a log-probability is NaN or infinite: no figure of such a
   *     model means anything
   */
  private List<TokenScores> score(List<EncodedExample> examples, boolean distributions) {
    List<TokenScores> scores =
        TokenScores.of(model, examples, tokenizer.padId(), batchSize, distributions);
    for (TokenScores s : scores) {
      if (!Arrays.stream(s.logProbs()).allMatch(Double::isFinite)) {
        throw new NonFiniteOutputException(
            "the model's log-probabilities are not finite (NaN or infinite)");
      }
    }
    return scores;
  }

  private static double mean(int n, IntToDoubleFunction value) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += value.applyAsDouble(i);
    }
    return sum / n;
  }
}
