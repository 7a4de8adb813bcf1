package dev.lethe.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import dev.lethe.contract.EvaluationConfig;
import dev.lethe.contract.Gate;
import dev.lethe.contract.KeepBest;
import dev.lethe.contract.Metric;
import dev.lethe.trainer.SyntheticFacts;
import dev.lethe.trainer.TestConfigs;
import dev.lethe.trainer.data.TextTokenizer;
import dev.lethe.trainer.model.LlamaModel;
import dev.lethe.trainer.model.TinyModel;
import dev.lethe.trainer.train.StepStats;
import dev.lethe.trainer.train.TrainingDivergedException;
import dev.lethe.trainer.train.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real evaluator on a tiny model whose output layer the test sets before each step, in place of
 * training: zeros make every next token equally likely, so that the retain NLL is exactly ln V, the
 * lowest of the states used here; the original layer multiplied by 20 to 40 makes confident, mostly
 * wrong predictions with a far higher NLL.
 */
class EvaluationScheduleTest {
  @TempDir static Path dir;
  static NDManager manager;
  static LlamaModel model;
  static TextTokenizer tokenizer;
  static Evaluator evaluator;
  static Evaluation before;
  static NDArray outputLayer;
  static NDArray original;

  @BeforeAll
  static void tinyModelAndFacts() throws Exception {
    List<String[]> facts = SyntheticFacts.questionsAndAnswers();
    Path forget = SyntheticFacts.write(dir.resolve("forget.jsonl"), facts.subList(0, 1));
    Path retain = SyntheticFacts.write(dir.resolve("retain.jsonl"), facts.subList(1, 2));
    Path modelDir = dir.resolve("model");
    new TinyModel(16, 1, 2, 1, 32).write(modelDir, SyntheticFacts.corpus(), 5);
    manager = NDManager.newBaseManager();
    model = LlamaModel.load(modelDir, manager, DataType.FLOAT32);
    tokenizer = TextTokenizer.load(modelDir, model.config());
    EvaluationSets sets =
        EvaluationSets.load(
            TestConfigs.qa(forget, retain),
            EvaluationConfig.builder().maxNewTokens(1).build(),
            tokenizer,
            64);
    evaluator = new Evaluator(model, tokenizer, sets, 4, 1);
    outputLayer = model.baseWeights().get("lm_head.weight");
    original = outputLayer.duplicate();
    before = evaluator.evaluateUntrained();
  }

  @AfterAll
  static void close() {
    tokenizer.close();
    model.close();
    manager.close();
  }

  @BeforeEach
  void originalOutputLayer() {
    outputLayer.set(new NDIndex("..."), original);
  }

  /** What the next listener heard: each step, and each stage. */
  final List<String> heard = new ArrayList<>();

  final TrainingListener next =
      new TrainingListener() {
        @Override
        public void step(StepStats stats) {
          heard.add("step " + stats.step());
        }

        @Override
        public void stage(String name) {
          heard.add(name);
        }
      };

  EvaluationSchedule schedule(Integer everySteps, KeepBest keepBest, List<Gate> gates) {
    return schedule(
        EvaluationConfig.builder()
            .gates(gates)
            .everySteps(everySteps)
            .keepBest(keepBest)
            .maxNewTokens(1)
            .build());
  }

  /** Evaluating every 2 steps, stopping at the first evaluation that passes {@code gate}. */
  EvaluationSchedule stoppingWhenItPasses(Gate gate) {
    return schedule(
        EvaluationConfig.builder()
            .gates(List.of(gate))
            .everySteps(2)
            .stopWhenGatesPass(true)
            .maxNewTokens(1)
            .build());
  }

  EvaluationSchedule schedule(EvaluationConfig config) {
    return new EvaluationSchedule(next, evaluator, config, before, List.of(outputLayer));
  }

  /**
   * Steps 1 to {@code factors.length}, the output layer set to the original times {@code
   * factors[step − 1]} before each, until the schedule says the goal is reached (as the training
   * loop does).
   */
  static void train(EvaluationSchedule schedule, double... factors) {
    for (int step = 1; step <= factors.length && !schedule.goalReached(); step++) {
      scaleOutputLayer(factors[step - 1]);
      schedule.step(new StepStats(step, factors.length, step, 1, 1.0, null, 1e-4, 1, 10, 0.1));
    }
  }

  static void scaleOutputLayer(double factor) {
    try (NDArray scaled = original.mul(factor)) {
      outputLayer.set(new NDIndex("..."), scaled);
    }
  }

  static float[] outputLayerTimes(double factor) {
    try (NDArray scaled = original.mul(factor)) {
      return scaled.toFloatArray();
    }
  }

  static List<Long> steps(List<EvaluationSchedule.Evaluated> history) {
    return history.stream().map(EvaluationSchedule.Evaluated::step).toList();
  }

  static double retainNll(EvaluationSchedule.Evaluated evaluated) {
    return evaluated.evaluation().get(Metric.RETAIN_NLL);
  }

  @Test
  void itEvaluatesEveryNStepsBetweenTheStepsAndTheLastOnceAtTheEnd() {
    try (EvaluationSchedule schedule = schedule(2, null, List.of())) {
      train(schedule, 1, 1, 1, 1, 1, 1, 1);

      assertThat(heard)
          .containsExactly(
              "step 1",
              "step 2",
              "evaluate",
              "unlearn",
              "step 3",
              "step 4",
              "evaluate",
              "unlearn",
              "step 5",
              "step 6",
              "evaluate",
              "unlearn",
              "step 7");
      assertThat(steps(schedule.history())).containsExactly(2L, 4L, 6L);
      schedule.finish(7);
      assertThat(steps(schedule.history())).containsExactly(2L, 4L, 6L, 7L);
    }
  }

  @Test
  void aLastStepThatIsDueIsEvaluatedOnlyByFinish() {
    try (EvaluationSchedule schedule = schedule(2, null, List.of())) {
      train(schedule, 1, 1, 1, 1, 1, 1);

      assertThat(heard).endsWith("step 5", "step 6");
      schedule.finish(6);
      assertThat(steps(schedule.history())).containsExactly(2L, 4L, 6L);
    }
  }

  @Test
  void withoutEveryStepsOnlyTheEndIsEvaluated() {
    try (EvaluationSchedule schedule = schedule(null, null, List.of())) {
      train(schedule, 1, 1, 1, 1);

      assertThat(heard).containsExactly("step 1", "step 2", "step 3", "step 4");
      assertThat(schedule.finish(4).step()).isEqualTo(4);
      assertThat(steps(schedule.history())).containsExactly(4L);
    }
  }

  @Test
  void keepBestWithGoalMinKeepsTheLowestAndPutsItsWeightsBack() {
    try (EvaluationSchedule schedule =
        schedule(2, new KeepBest(Metric.RETAIN_NLL, KeepBest.Goal.MIN), List.of())) {
      train(schedule, 40, 40, 0, 0, 20, 20, 30);

      EvaluationSchedule.Evaluated kept = schedule.finish(7);

      assertThat(kept.step()).isEqualTo(4);
      double uniform = Math.log(model.config().vocabSize());
      assertThat(retainNll(kept)).isCloseTo(uniform, within(1e-5));
      assertThat(schedule.history())
          .allSatisfy(e -> assertThat(retainNll(e)).isGreaterThanOrEqualTo(retainNll(kept)));
      assertThat(outputLayer.toFloatArray()).isEqualTo(outputLayerTimes(0));
    }
  }

  @Test
  void keepBestWithGoalMaxKeepsTheHighest() {
    try (EvaluationSchedule schedule =
        schedule(2, new KeepBest(Metric.RETAIN_NLL, KeepBest.Goal.MAX), List.of())) {
      train(schedule, 20, 20, 0, 0, 40, 40, 30);

      EvaluationSchedule.Evaluated kept = schedule.finish(7);

      assertThat(kept.step()).isEqualTo(6);
      assertThat(schedule.history())
          .allSatisfy(e -> assertThat(retainNll(e)).isLessThanOrEqualTo(retainNll(kept)));
      assertThat(outputLayer.toFloatArray()).isEqualTo(outputLayerTimes(40));
    }
  }

  @Test
  void aTieGoesToTheEarlierStep() {
    try (EvaluationSchedule schedule =
        schedule(2, new KeepBest(Metric.RETAIN_NLL, KeepBest.Goal.MIN), List.of())) {
      train(schedule, 0, 0, 0, 0, 20);

      assertThat(schedule.finish(5).step()).isEqualTo(2);
    }
  }

  /** Only the uniform output passes the gate: it is kept although the others' NLL is higher. */
  @Test
  void aCheckpointThatPassesTheGatesBeatsOneWithABetterValueThatFails() {
    double uniform = Math.log(model.config().vocabSize());
    try (EvaluationSchedule schedule =
        schedule(
            2,
            new KeepBest(Metric.RETAIN_NLL, KeepBest.Goal.MAX),
            List.of(new Gate(Metric.RETAIN_NLL, null, uniform + 0.01, null)))) {
      train(schedule, 40, 40, 0, 0, 20, 20, 30);

      assertThat(schedule.finish(7).step()).isEqualTo(4);
      assertThat(outputLayer.toFloatArray()).isEqualTo(outputLayerTimes(0));
    }
  }

  /** Only the uniform output (steps 3 and 4) passes the gate: training ends at step 4. */
  @Test
  void stopWhenGatesPassEndsTrainingAtTheFirstEvaluationThatPassesAndKeepsIt() {
    double uniform = Math.log(model.config().vocabSize());
    try (EvaluationSchedule schedule =
        stoppingWhenItPasses(new Gate(Metric.RETAIN_NLL, null, uniform + 0.01, null))) {
      train(schedule, 40, 40, 0, 0, 20, 20, 30);

      assertThat(heard).endsWith("step 4", "evaluate", "unlearn");
      assertThat(schedule.goalReached()).isTrue();
      assertThat(schedule.earlyStop()).contains(new EvaluationSchedule.EarlyStop(4, 7));
      assertThat(schedule.finish(4).step()).isEqualTo(4);
      assertThat(steps(schedule.history()))
          .as("no second evaluation of step 4")
          .containsExactly(2L, 4L);
      assertThat(outputLayer.toFloatArray()).isEqualTo(outputLayerTimes(0));
    }
  }

  @Test
  void stopWhenGatesPassTrainsToTheEndWhenNoEvaluationPasses() {
    try (EvaluationSchedule schedule =
        stoppingWhenItPasses(new Gate(Metric.RETAIN_NLL, null, 0.0, null))) {
      train(schedule, 40, 40, 0, 0, 20, 20, 30);

      assertThat(schedule.goalReached()).isFalse();
      assertThat(schedule.earlyStop()).isEmpty();
      assertThat(schedule.finish(7).step()).isEqualTo(7);
      assertThat(steps(schedule.history())).containsExactly(2L, 4L, 6L, 7L);
    }
  }

  @Test
  void withoutKeepBestTheLastIsKeptAndItsWeightsStay() {
    try (EvaluationSchedule schedule = schedule(2, null, List.of())) {
      train(schedule, 40, 40, 0, 0, 20);

      assertThat(schedule.finish(5).step()).isEqualTo(5);
      assertThat(outputLayer.toFloatArray()).isEqualTo(outputLayerTimes(20));
    }
  }

  @Test
  void outputsThatAreNotFiniteMeanTheTrainingDiverged() {
    try (EvaluationSchedule schedule = schedule(2, null, List.of())) {
      TrainingDivergedException e =
          catchThrowableOfType(
              TrainingDivergedException.class, () -> train(schedule, 1, 1, 1, Double.NaN, 1));

      assertThat(e)
          .hasMessage(
              "training diverged by step 4: the model's log-probabilities are not finite (NaN or"
                  + " infinite)");
    }
  }
}
