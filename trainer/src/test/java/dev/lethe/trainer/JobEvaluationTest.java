package dev.lethe.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.contract.DataConfig;
import dev.lethe.contract.DataFormat;
import dev.lethe.contract.EvaluationConfig;
import dev.lethe.contract.ExitCode;
import dev.lethe.contract.Gate;
import dev.lethe.contract.InvalidConfigException;
import dev.lethe.contract.KeepBest;
import dev.lethe.contract.LoraConfig;
import dev.lethe.contract.LoraInit;
import dev.lethe.contract.MethodConfig;
import dev.lethe.contract.Metric;
import dev.lethe.contract.Relearn;
import dev.lethe.contract.Result;
import dev.lethe.contract.TargetModule;
import dev.lethe.contract.TrainerConfig;
import dev.lethe.contract.UnlearningMethod;
import dev.lethe.trainer.data.InvalidDataException;
import dev.lethe.trainer.eval.Evaluation;
import dev.lethe.trainer.eval.Evaluator;
import dev.lethe.trainer.eval.ModelUtility;
import dev.lethe.trainer.eval.PrivLeak;
import dev.lethe.trainer.model.TinyModel;
import dev.lethe.trainer.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evaluation as a job does it, on a tiny model that memorised facts about ten people: the forget
 * set is two of them, the holdout set two people it never saw.
 */
class JobEvaluationTest {
  @TempDir static Path dir;
  static Path target;
  static Path forget;
  static Path retain;
  static Path holdout;
  static Path plainForget;
  static NDManager manager;

  @BeforeAll
  static void memoriseTenPeople() throws Exception {
    List<String[]> facts = SyntheticFacts.questionsAndAnswers();
    Path trained = SyntheticFacts.write(dir.resolve("data/trained.jsonl"), facts.subList(0, 20));
    forget =
        SyntheticFacts.writeWithAlternatives(dir.resolve("data/forget.jsonl"), facts.subList(0, 4));
    retain =
        SyntheticFacts.writeWithAlternatives(
            dir.resolve("data/retain.jsonl"), facts.subList(4, 20));
    holdout =
        SyntheticFacts.writeWithAlternatives(
            dir.resolve("data/holdout.jsonl"), facts.subList(20, 24));
    plainForget = SyntheticFacts.write(dir.resolve("data/plain-forget.jsonl"), facts.subList(0, 4));
    Path base = dir.resolve("base");
    new TinyModel(64, 2, 4, 2, 128).write(base, SyntheticFacts.corpusWithAlternatives(), 1);
    target = dir.resolve("target");
    manager = NDManager.newBaseManager();
    FineTuneRun.run(
        base,
        TestConfigs.qa(trained, null),
        UnlearningRunTest.training(60, 3e-3, 0.0, 8, 1),
        target,
        manager,
        TrainingListener.NONE);
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  static EvaluationConfig evaluation(Path holdoutSet, Path reference) {
    return EvaluationConfig.builder()
        .holdout(holdoutSet == null ? null : holdoutSet.toString())
        .reference(reference == null ? null : reference.toString())
        .maxNewTokens(TestConfigs.MAX_NEW_TOKENS)
        .build();
  }

  static Evaluation measure(DataConfig data, EvaluationConfig evaluation) {
    return Evaluator.measure(target, data, evaluation, 4, 64, manager);
  }

  @Test
  void aModelThatMemorisedTheForgetSetScoresAsMemorisedAndItsMembersAreInferred() {
    Evaluation e = measure(TestConfigs.qa(forget, retain), evaluation(holdout, null));
    Map<String, Double> m = e.metrics();
    System.out.println("target: " + m);

    assertThat(m.get("forget.tokenAccuracy")).isGreaterThan(0.9);
    assertThat(m.get("forget.rougeL")).as("greedy answers reproduce the facts").isGreaterThan(0.9);
    assertThat(m.get("forget.exactMemorization")).isGreaterThan(0.9);
    assertThat(m.get("forget.extractionStrength")).isGreaterThan(0.9);
    assertThat(m.get("forget.probability")).isGreaterThan(0.6);
    assertThat(m.get("forget.truthRatio")).isBetween(0.0, 1.0);
    assertThat(e.perExample().get(Evaluation.FORGET_TRUTH_RATIOS)).hasSize(4);
    assertThat(m.get("mia.loss"))
        .as("memorised forget answers are far likelier than unseen holdout ones")
        .isGreaterThan(0.9);
    assertThat(m.get("mia.minK")).isGreaterThan(0.9);
    assertThat(m.get("modelUtility"))
        .as("the harmonic mean of the retain set's probability, ROUGE-L and truth ratio")
        .isCloseTo(
            ModelUtility.harmonicMean(
                m.get("retain.probability"), m.get("retain.rougeL"), m.get("retain.truthRatio")),
            within(1e-12));
    assertThat(m.get("privleak")).isEqualTo(PrivLeak.of(m.get("mia.minK"), 0.5));
    assertThat(m).doesNotContainKey("forgetQuality");
  }

  @Test
  void aModelMeasuredAgainstItsOwnEvaluationHasForgetQualityOne() throws Exception {
    Path reference = dir.resolve("reference.json");
    measure(TestConfigs.qa(forget, retain), evaluation(holdout, null)).write(reference);

    Evaluation again = measure(TestConfigs.qa(forget, retain), evaluation(holdout, reference));

    assertThat(again.get(Metric.FORGET_QUALITY)).isEqualTo(1.0);
    assertThat(again.get(Metric.PRIVLEAK))
        .as("privleak is relative to 1 - AUC of the reference, here 0: undefined, left out")
        .isNull();
    assertThat(Evaluation.read(reference).perExample().get(Evaluation.FORGET_TRUTH_RATIOS))
        .containsExactly(again.perExample().get(Evaluation.FORGET_TRUTH_RATIOS));
  }

  @Test
  void textDataIsMeasuredOnContinuationsOfItsPrefixes() throws Exception {
    List<String> lines = new ArrayList<>();
    for (String[] fact : SyntheticFacts.questionsAndAnswers().subList(0, 4)) {
      lines.add("{\"text\": \"" + fact[1] + "\"}");
    }
    Path texts = Files.write(dir.resolve("data/texts.jsonl"), lines);

    Evaluation e =
        measure(
            new DataConfig(texts.toString(), null, DataFormat.TEXT, null, null, null),
            evaluation(null, null));

    assertThat(e.metrics().get("forget.rougeL")).isBetween(0.0, 1.0);
    assertThat(e.metrics().get("forget.nll")).isPositive();
    assertThat(e.metrics()).doesNotContainKeys("forget.truthRatio", "modelUtility", "mia.loss");
  }

  @Test
  void aGateOnAMetricTheDataCannotGiveIsRefusedBeforeTraining() {
    Path output = dir.resolve("refused");
    TrainerConfig truthRatioWithoutAlternatives =
        job(
            UnlearningMethod.GRADIENT_DIFFERENCE,
            TestConfigs.qa(plainForget, retain),
            List.of(Metric.FORGET_TRUTH_RATIO),
            output);
    TrainerConfig retainWithoutRetainSet =
        job(
            UnlearningMethod.GRADIENT_ASCENT,
            TestConfigs.qa(forget, null),
            List.of(Metric.RETAIN_ROUGE_L),
            output);

    assertThatThrownBy(
            () -> UnlearningRun.run(truthRatioWithoutAlternatives, manager, TrainingListener.NONE))
        .isInstanceOf(InvalidDataException.class)
        .hasMessage(
            plainForget
                + ": forget.truthRatio needs qa lines with \"perturbed_answer\" (wrong answers,"
                + " as in TOFU's *_perturbed files)");
    assertThatThrownBy(
            () -> UnlearningRun.run(retainWithoutRetainSet, manager, TrainingListener.NONE))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("retain.rougeL needs a retain set: give data.retain or evaluation.retain");
    assertThat(output).doesNotExist();
  }

  @Test
  void linesThatGiveAlternativesOnlySometimesAreRefusedNamingTheFirstOddOne() throws Exception {
    List<String> lines = new ArrayList<>(Files.readAllLines(forget));
    lines.set(2, Files.readAllLines(plainForget).get(2));
    Path mixed = Files.write(dir.resolve("data/mixed.jsonl"), lines);

    assertThatThrownBy(() -> measure(TestConfigs.qa(mixed, null), evaluation(null, null)))
        .isInstanceOf(InvalidDataException.class)
        .hasMessage(
            mixed
                + ": example 3 has no \"perturbed_answer\" but example 1 has: give it on every"
                + " line or on none");
  }

  @Test
  void aReferenceMadeOnAnotherForgetSetIsRefused() throws Exception {
    Path reference = dir.resolve("retain-as-forget.json");
    measure(TestConfigs.qa(retain, null), evaluation(null, null)).write(reference);

    assertThatThrownBy(() -> measure(TestConfigs.qa(forget, null), evaluation(null, reference)))
        .isInstanceOf(InvalidDataException.class)
        .hasMessage(
            "evaluation.reference "
                + reference
                + " has 16 forget truth ratios but the forget set has 4 lines: evaluate the"
                + " reference model on this forget set (lethe-trainer evaluate)");
  }

  @Test
  void keepBestWritesTheBestEvaluatedCheckpointNotTheLast() throws Exception {
    Path output = dir.resolve("keep-best");
    TrainerConfig config =
        gradientAscent(
            "keep-best",
            6,
            duringTraining().keepBest(new KeepBest(Metric.RETAIN_NLL, KeepBest.Goal.MIN)).build());

    Result result = UnlearningRun.run(config, manager, TrainingListener.NONE);

    JsonNode report = new ObjectMapper().readTree(output.resolve("report.json").toFile());
    List<Long> steps = new ArrayList<>();
    report.get("history").forEach(c -> steps.add(c.get("step").asLong()));
    System.out.println("keep-best: " + result.message() + ", evaluated at " + steps);
    assertThat(result.exitCode()).isEqualTo(ExitCode.SUCCEEDED.code());
    assertThat(steps).containsExactly(2L, 4L, 6L, 8L, 10L, 12L);
    assertThat(result.message())
        .as("gradient ascent damages the retain set more with every step")
        .endsWith("; kept step 2 (best retain.nll)");
    assertThat(report.get("keptStep").asLong()).isEqualTo(2);
    double kept = report.get("history").get(0).get("metrics").get("retain.nll").asDouble();
    assertThat(report.get("after").get("metrics").get("retain.nll").asDouble()).isEqualTo(kept);
    double merged = mergedModelMetric(output, "retain.nll");
    assertThat(merged).as("the written weights are the kept ones").isCloseTo(kept, within(1e-4));
  }

  /**
   * A job that states its goal: gradient ascent until the forget NLL has doubled, evaluated every
   * two steps. It ends at the first evaluation where the gate passes and keeps that checkpoint.
   */
  @Test
  void stopWhenGatesPassEndsAtTheFirstEvaluationWhereEveryGatePasses() throws Exception {
    Path output = dir.resolve("stop-when-gates-pass");
    TrainerConfig config =
        gradientAscent(
            "stop-when-gates-pass",
            6,
            duringTraining()
                .gates(List.of(new Gate(Metric.FORGET_NLL, null, null, 2.0)))
                .stopWhenGatesPass(true)
                .build());

    Result result = UnlearningRun.run(config, manager, TrainingListener.NONE);

    JsonNode report = new ObjectMapper().readTree(output.resolve("report.json").toFile());
    double before = report.get("before").get("metrics").get("forget.nll").asDouble();
    List<Long> steps = new ArrayList<>();
    List<Double> forgetNll = new ArrayList<>();
    report
        .get("history")
        .forEach(
            c -> {
              steps.add(c.get("step").asLong());
              forgetNll.add(c.get("metrics").get("forget.nll").asDouble());
            });
    System.out.println("stop-when-gates-pass: " + result.message() + "; forget.nll " + forgetNll);
    long stopped = steps.get(steps.size() - 1);
    assertThat(result.exitCode()).isEqualTo(ExitCode.SUCCEEDED.code());
    assertThat(stopped).as("it stops before the 12 planned steps").isLessThan(12);
    assertThat(result.steps()).isEqualTo(stopped);
    assertThat(steps)
        .as("evaluated every 2 steps, then not again")
        .isEqualTo(LongStream.rangeClosed(1, stopped / 2).map(k -> 2 * k).boxed().toList());
    assertThat(forgetNll.subList(0, forgetNll.size() - 1))
        .as("no earlier evaluation passed the gate")
        .allSatisfy(nll -> assertThat(nll).isLessThan(2 * before));
    assertThat(forgetNll.get(forgetNll.size() - 1)).isGreaterThanOrEqualTo(2 * before);
    assertThat(result.message())
        .isEqualTo(
            "unlearned with GradientAscent in "
                + stopped
                + " steps; every gate passed at step "
                + stopped
                + ", so training stopped there (12 planned)");
    assertThat(report.get("earlyStop").get("step").asLong()).isEqualTo(stopped);
    assertThat(report.get("earlyStop").get("plannedSteps").asLong()).isEqualTo(12);
    assertThat(report.get("keptStep").asLong()).isEqualTo(stopped);
  }

  /**
   * Gradient ascent erases the memorised answers; eight steps of NLL on the forget set bring much
   * of them back. The adapter written is still the unlearned one.
   */
  @Test
  void aRelearningAttackMeasuresWhatComesBackAndLeavesTheAdapterUnlearned() throws Exception {
    Path output = dir.resolve("relearn");
    TrainerConfig config =
        gradientAscent(
            "relearn",
            3,
            EvaluationConfig.builder()
                .relearn(new Relearn(8, 100, 5e-3))
                .maxNewTokens(TestConfigs.MAX_NEW_TOKENS)
                .build());

    Result result = UnlearningRun.run(config, manager, TrainingListener.NONE);

    JsonNode report = new ObjectMapper().readTree(output.resolve("report.json").toFile());
    JsonNode relearned = report.get("relearned");
    double before = report.get("before").get("metrics").get("forget.nll").asDouble();
    double unlearned = report.get("after").get("metrics").get("forget.nll").asDouble();
    double attacked = relearned.get("forget").get("forget.nll").asDouble();
    System.out.printf(
        "relearn: forget.nll before %.4f, unlearned %.4f, after the attack %.4f%n",
        before, unlearned, attacked);
    assertThat(result.exitCode()).isEqualTo(ExitCode.SUCCEEDED.code());
    assertThat(relearned.get("examples").asInt()).as("all 4 of the forget set").isEqualTo(4);
    assertThat(relearned.get("steps").asLong()).isEqualTo(8);
    assertThat(relearned.get("diverged").isNull()).isTrue();
    assertThat(relearned.get("forget").has("retain.nll")).as("forget metrics only").isFalse();
    assertThat(unlearned).as("unlearning raised the forget NLL").isGreaterThan(2 * before);
    assertThat(attacked).as("the attack brought part of it back").isLessThan(unlearned / 2);
    double merged = mergedModelMetric(output, "forget.nll");
    assertThat(merged)
        .as("the written weights are the unlearned ones")
        .isCloseTo(unlearned, within(1e-4));
  }

  /** A metric of the merged model a job wrote into {@code output}: of the weights written. */
  private static double mergedModelMetric(Path output, String metric) {
    return Evaluator.measure(
            output.resolve(UnlearningRun.MERGED_DIR),
            TestConfigs.qa(forget, retain),
            evaluation(null, null),
            4,
            64,
            manager)
        .metrics()
        .get(metric);
  }

  /** Evaluations every 2 steps, with the short generations of tiny models. */
  private static EvaluationConfig.Builder duringTraining() {
    return EvaluationConfig.builder().everySteps(2).maxNewTokens(TestConfigs.MAX_NEW_TOKENS);
  }

  /**
   * Gradient ascent on every projection at a rate that forgets the memorised people within a few
   * steps, writing its adapter and merged model to {@code dir/name}.
   */
  private static TrainerConfig gradientAscent(
      String name, int epochs, EvaluationConfig evaluation) {
    Path output = dir.resolve(name);
    return new TrainerConfig(
        name,
        new TrainerConfig.ModelConfig(target.toString()),
        TestConfigs.qa(forget, retain),
        MethodConfig.defaults(UnlearningMethod.GRADIENT_ASCENT),
        new LoraConfig(8, 16, 0.0, Arrays.asList(TargetModule.values()), LoraInit.DEFAULT),
        UnlearningRunTest.training(epochs, 5e-3, 0.0, 2, 1),
        evaluation,
        new TrainerConfig.OutputConfig(output.toString(), true),
        new TrainerConfig.ReportingConfig(0, output.resolve("termination-log").toString()));
  }

  private static TrainerConfig job(
      UnlearningMethod method, DataConfig data, List<Metric> gated, Path output) {
    return TestConfigs.job(
        target,
        data,
        method,
        new LoraConfig(4, 8, 0.0, List.of(TargetModule.Q_PROJ), LoraInit.DEFAULT),
        UnlearningRunTest.training(1, 1e-4, 0.0, 2, 1),
        gated.stream().map(m -> new Gate(m, 0.0, null, null)).toList(),
        output,
        false);
  }
}
