package dev.lethe.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.lethe.contract.MethodConfig;
import dev.lethe.contract.Precision;
import dev.lethe.contract.Schedule;
import dev.lethe.contract.TrainingConfig;
import dev.lethe.contract.UnlearningMethod;
import dev.lethe.trainer.ManagedArrays;
import dev.lethe.trainer.data.Pairing;
import dev.lethe.trainer.data.Pairing.Pair;
import dev.lethe.trainer.data.UnlearningData;
import dev.lethe.trainer.loss.LossTerms;
import dev.lethe.trainer.loss.NllLoss;
import dev.lethe.trainer.loss.UnlearningLoss;
import dev.lethe.trainer.method.Methods;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The loop on a bigram model over seven texts of one to six words: a run takes milliseconds. */
class TrainingLoopTest extends ManagedArrays {
  static final List<String> TEXTS =
      List.of(
          "the cat sat on the mat",
          "a dog ran",
          "my owl flew far away now",
          "one fox hid",
          "his hen ate corn",
          "we saw the dog run",
          "an owl");
  static final long SEED = 7;

  @TempDir static Path dir;
  static WordData words;

  @BeforeAll
  static void writeTexts() throws Exception {
    words = WordData.write(dir, TEXTS, List.of("the mat was red", "a cat", "corn grew tall"));
  }

  @AfterAll
  static void closeTokenizer() {
    words.close();
  }

  static TrainingConfig training(
      int epochs, Integer maxSteps, int batchSize, int accumulation, double warmupRatio) {
    return new TrainingConfig(
        epochs,
        maxSteps,
        0.05,
        batchSize,
        accumulation,
        16,
        warmupRatio,
        0.01,
        1.0,
        Schedule.LINEAR,
        SEED,
        Precision.FP32,
        null);
  }

  BigramLm model() {
    return new BigramLm(manager, words.vocabulary(), 3);
  }

  List<StepStats> run(BigramLm model, UnlearningLoss loss, UnlearningData data, TrainingConfig t) {
    List<StepStats> heard = new ArrayList<>();
    long steps =
        TrainingLoop.run(model, manager, List.of(model.table()), loss, data, t, heard::add, null);
    assertThat(steps).as("the steps it returns are the steps it reported").isEqualTo(heard.size());
    return heard;
  }

  /** A listener that says the goal is reached ends the run after the step it was told of. */
  @Test
  void aRunEndsAfterTheStepAtWhichItsListenerReachesItsGoal() {
    List<StepStats> heard = new ArrayList<>();
    TrainingListener untilStepThree =
        new TrainingListener() {
          @Override
          public void step(StepStats stats) {
            heard.add(stats);
          }

          @Override
          public boolean goalReached() {
            return heard.size() == 3;
          }
        };
    BigramLm model = model();

    long steps =
        TrainingLoop.run(
            model,
            manager,
            List.of(model.table()),
            new NllLoss(),
            words.forgetOnly(),
            training(1, null, 1, 1, 0),
            untilStepThree,
            null);

    assertThat(steps).isEqualTo(3);
    assertThat(heard).extracting(StepStats::step).containsExactly(1L, 2L, 3L);
    assertThat(heard.get(2).totalSteps()).as("of the 7 planned").isEqualTo(7);
  }

  /**
   * Seven texts: an epoch is ⌈7 / batchSize⌉ micro-batches, a step {@code accumulation} of them,
   * fewer at the epoch's end.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1 | 1 | 1 |   | 1/7 2/7 3/7 4/7 5/7 6/7 7/7",
        "2 | 2 | 3 |   | 3/4 4/4 7/4 8/4",
        "3 | 1 | 2 | 5 | 2/7 4/7 6/7 7/7 9/7",
        "2 | 3 | 1 | 3 | 1/3 2/3 3/3",
        "1 | 7 | 4 |   | 1/1",
      })
  void aStepIsAccumulatedMicroBatchesOfOneEpochAndMaxStepsEndsTheRun(
      int epochs, int batchSize, int accumulation, Integer maxSteps, String epochsAfterEachStep) {
    List<StepStats> heard =
        run(
            model(),
            new NllLoss(),
            words.forgetOnly(),
            training(epochs, maxSteps, batchSize, accumulation, 0));

    String[] expected = epochsAfterEachStep.split(" ");
    assertThat(heard).hasSize(expected.length);
    for (int i = 0; i < expected.length; i++) {
      String[] fraction = expected[i].split("/");
      StepStats step = heard.get(i);
      assertThat(step.step()).isEqualTo(i + 1);
      assertThat(step.totalSteps()).isEqualTo(expected.length);
      assertThat(step.epoch())
          .as("epochs done after step %d", i + 1)
          .isCloseTo(
              Double.parseDouble(fraction[0]) / Double.parseDouble(fraction[1]), within(1e-12));
    }
  }

  /** What each step reports is what its micro-batches computed, read off the untrained model. */
  @Test
  void aStepReportsTheMeanLossOfItsMicroBatchesAndAllTheirRealTokens() {
    UnlearningData data = words.withRetain();
    UnlearningLoss loss = Methods.of(MethodConfig.defaults(UnlearningMethod.GRADIENT_DIFFERENCE));
    List<List<Pair>> firstStep =
        Pairing.epoch(SEED, 0, TEXTS.size(), data.retain().size(), 2).subList(0, 2);
    BigramLm untrained = model();
    double[] sums = new double[3];
    long tokens = 0;
    for (List<Pair> pairs : firstStep) {
      try (NDManager micro = manager.newSubManager()) {
        LossTerms terms = loss.compute(untrained, data.batch(pairs, micro));
        sums[0] += terms.total().getFloat();
        sums[1] += terms.forget().getFloat();
        sums[2] += terms.retain().getFloat();
      }
      for (Pair pair : pairs) {
        tokens += data.forget().get(pair.forget()).ids().length;
        tokens += data.retain().get(pair.retain()).ids().length;
      }
    }

    StepStats first = run(model(), loss, data, training(1, 1, 2, 2, 0)).get(0);

    assertThat(first.loss()).isCloseTo(sums[0] / 2, within(1e-6));
    assertThat(first.forgetLoss()).isCloseTo(sums[1] / 2, within(1e-6));
    assertThat(first.retainLoss()).isCloseTo(sums[2] / 2, within(1e-6));
    assertThat(first.tokens()).as("padding is not counted").isEqualTo(tokens);
    assertThat(first.gradientNorm()).isPositive();
    assertThat(first.seconds()).isPositive();
  }

  @Test
  void anObjectiveWithoutARetainTermReportsNone() {
    StepStats first =
        run(model(), new NllLoss(), words.withRetain(), training(1, 1, 2, 1, 0)).get(0);

    assertThat(first.retainLoss()).isNull();
    assertThat(first.forgetLoss()).isEqualTo(first.loss());
  }

  /**
   * Each step is taken at the schedule's rate of its index from 0, and reports it. A warm-up's
   * first rate is 0, so its step leaves the weights as they were (decoupled weight decay is scaled
   * by the rate too).
   */
  @Test
  void eachStepIsTakenAtTheScheduledRate() {
    List<StepStats> heard =
        run(model(), new NllLoss(), words.forgetOnly(), training(2, null, 4, 1, 0.25));

    assertThat(heard.stream().mapToDouble(StepStats::learningRate).toArray())
        .containsExactly(new double[] {0.0, 0.05, 0.05 * 2 / 3, 0.05 / 3}, within(1e-15));
    BigramLm warmedUp = model();
    float[] before = warmedUp.weights();
    run(warmedUp, new NllLoss(), words.forgetOnly(), training(1, 1, 4, 1, 0.5));
    assertThat(warmedUp.weights()).isEqualTo(before);
  }

  /**
   * Texts of one length, so that a batch's token mean is the mean of its examples' means: two
   * accumulated micro-batches of one then give a step the gradients of one batch of two. The
   * gradient norm is compared as well as the weights, because AdamW's first update is nearly the
   * sign of the gradient and would hide a gradient twice too large.
   */
  @Test
  void accumulatingTwoMicroBatchesOfOneStepsAsOneBatchOfTwo() throws Exception {
    try (WordData sameLength =
        WordData.write(
            dir.resolve("same-length"),
            List.of("the cat sat", "a dog ran", "my owl flew", "one fox hid"),
            List.of())) {
      BigramLm accumulated = new BigramLm(manager, sameLength.vocabulary(), 3);
      BigramLm batched = new BigramLm(manager, sameLength.vocabulary(), 3);
      BigramLm unaccumulated = new BigramLm(manager, sameLength.vocabulary(), 3);

      List<StepStats> a =
          run(accumulated, new NllLoss(), sameLength.forgetOnly(), training(1, null, 1, 2, 0));
      List<StepStats> b =
          run(batched, new NllLoss(), sameLength.forgetOnly(), training(1, null, 2, 1, 0));
      run(unaccumulated, new NllLoss(), sameLength.forgetOnly(), training(1, 2, 1, 1, 0));

      assertThat(a).hasSize(2);
      assertThat(b).hasSize(2);
      for (int i = 0; i < 2; i++) {
        assertThat(a.get(i).loss()).isCloseTo(b.get(i).loss(), within(1e-5));
        assertThat(a.get(i).gradientNorm()).isCloseTo(b.get(i).gradientNorm(), within(1e-5));
        assertThat(a.get(i).tokens()).isEqualTo(b.get(i).tokens());
      }
      assertThat(maxDifference(accumulated.weights(), batched.weights())).isLessThan(1e-6);
      assertThat(maxDifference(unaccumulated.weights(), batched.weights()))
          .as("two steps of one example each train differently")
          .isGreaterThan(1e-3);
    }
  }

  private static double maxDifference(float[] a, float[] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  /** 0 / 0 on the third micro-batch: the first of step 2, as two micro-batches make a step. */
  @Test
  void aLossThatIsNotANumberStopsTheRunAtItsStepBeforeItsUpdate() {
    UnlearningLoss nanOnThirdCall =
        new UnlearningLoss() {
          private int calls;

          @Override
          public LossTerms compute(
              dev.lethe.trainer.model.CausalLm model,
              dev.lethe.trainer.data.UnlearningBatch batch) {
            LossTerms nll = new NllLoss().compute(model, batch);
            if (++calls < 3) {
              return nll;
            }
            NDArray zero = nll.total().sub(nll.total());
            return new LossTerms(zero.div(zero), nll.forget(), null);
          }
        };
    BigramLm diverged = model();
    List<StepStats> heard = new ArrayList<>();

    TrainingDivergedException e =
        catchThrowableOfType(
            TrainingDivergedException.class,
            () ->
                TrainingLoop.run(
                    diverged,
                    manager,
                    List.of(diverged.table()),
                    nanOnThirdCall,
                    words.forgetOnly(),
                    training(1, null, 1, 2, 0),
                    heard::add,
                    null));

    assertThat(e).hasMessageMatching("training diverged at step 2: loss NaN \\(forget [0-9.]+\\)");
    assertThat(heard).extracting(StepStats::step).containsExactly(1L);
    BigramLm oneStep = model();
    run(oneStep, new NllLoss(), words.forgetOnly(), training(1, 1, 1, 2, 0));
    assertThat(diverged.weights()).as("step 2 changed nothing").isEqualTo(oneStep.weights());
  }

  /**
   * Two micro-batches a step and seven texts: the checkpoint of step 3 is in the middle of the
   * epoch, before micro-batch 6. The resumed run goes on from step 4 and ends where an
   * uninterrupted one does.
   */
  @Test
  void aStoppedRunResumesAfterItsLastCheckpointAndEndsAsAnUninterruptedOne() {
    TrainingConfig everyThird =
        new TrainingConfig(
            2, null, 0.05, 1, 2, 16, 0.2, 0.01, 1.0, Schedule.LINEAR, SEED, Precision.FP32, 3);
    BigramLm straight = model();
    run(straight, new NllLoss(), words.forgetOnly(), everyThird);
    Checkpoints checkpoints = new Checkpoints(dir.resolve("checkpoint"), Map.of("run", "1"), 3);
    BigramLm stopped = model();
    List<Long> heard = new ArrayList<>();

    catchThrowableOfType(
        IllegalStateException.class,
        () ->
            TrainingLoop.run(
                stopped,
                manager,
                List.of(stopped.table()),
                new NllLoss(),
                words.forgetOnly(),
                everyThird,
                s -> {
                  if (s.step() == 5) {
                    throw new IllegalStateException("preempted");
                  }
                },
                checkpoints));
    BigramLm resumed = model();
    long steps =
        TrainingLoop.run(
            resumed,
            manager,
            List.of(resumed.table()),
            new NllLoss(),
            words.forgetOnly(),
            everyThird,
            s -> heard.add(s.step()),
            checkpoints);

    assertThat(heard).containsExactly(5L, 6L, 7L, 8L);
    assertThat(steps).isEqualTo(8);
    assertThat(resumed.weights()).isEqualTo(straight.weights());
  }
}
