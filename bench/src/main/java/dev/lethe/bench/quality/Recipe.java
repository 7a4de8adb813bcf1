package dev.lethe.bench.quality;

import dev.lethe.bench.data.BenchmarkSize;
import dev.lethe.contract.Limits;
import dev.lethe.contract.MethodConfig;
import dev.lethe.contract.Precision;
import dev.lethe.contract.Relearn;
import dev.lethe.contract.Schedule;
import dev.lethe.contract.TrainingConfig;
import dev.lethe.contract.UnlearningMethod;
import dev.lethe.trainer.model.TinyModel;

/**
 * Everything that sizes a quality-benchmark run, fixed before any method was run and the same for
 * every method: the data, the tiny Llama, how the target and retain models are fine-tuned, and one
 * unlearning recipe. Each method brings only its own documented parameters (beta, delta, weights:
 * {@code UnlearningMethod}), never per-method training settings; IHL with FILA trains exactly as
 * IHL does.
 *
 * @param fineTune full fine-tuning of the target (all people and world facts) and retain models
 * @param unlearn the optimisation of every unlearning run; LoRA is the job default (rank 8, alpha
 *     16, all seven linear layers)
 * @param maxNewTokens greedy generation for ROUGE-L: twice the longest answer is ample
 * @param relearn the relearning attack on every unlearned model, at the unlearning rate
 */
public record Recipe(
    String name,
    BenchmarkSize data,
    TinyModel model,
    TrainingConfig fineTune,
    TrainingConfig unlearn,
    int maxNewTokens,
    Relearn relearn) {

  private static final int MAX_SEQ_LEN = 64;

  /** The LoRA rate for a small model (the job default 1e-4 is for 1B-7B models). */
  private static final double UNLEARNING_RATE = 1e-3;

  /** 13 to 23 minutes on 2 cores, as measured on two machines (the issue allowed an hour). */
  public static final Recipe DEFAULT =
      new Recipe(
          "default",
          BenchmarkSize.DEFAULT,
          new TinyModel(128, 4, 4, 2, 256),
          fineTuning(40),
          unlearning(),
          32,
          new Relearn(Relearn.DEFAULT_STEPS, Relearn.DEFAULT_EXAMPLES, UNLEARNING_RATE));

  /** A few minutes: the CI smoke test of the whole pipeline, not a measurement. */
  public static final Recipe QUICK =
      new Recipe(
          "quick",
          BenchmarkSize.QUICK,
          new TinyModel(32, 2, 4, 2, 64),
          fineTuning(4),
          unlearning(),
          8,
          new Relearn(2, 4, UNLEARNING_RATE));

  /**
   * A method with its documented defaults; WHP's reinforced adapter learns at the recipe's rate,
   * scaled from its job default as the unlearning rate is (1e-4 is for 1B-7B models).
   */
  public MethodConfig method(UnlearningMethod method) {
    Double reinforceRate =
        method.takes(UnlearningMethod.Parameter.REINFORCE_LEARNING_RATE)
            ? unlearn.learningRate()
            : null;
    return MethodConfig.withDefaults(
        method, null, null, null, null, null, null, null, reinforceRate);
  }

  /**
   * Full fine-tuning from random weights until the answers are memorised, as TOFU's targets are.
   */
  private static TrainingConfig fineTuning(int epochs) {
    return new TrainingConfig(
        epochs,
        null,
        3e-3,
        16,
        1,
        MAX_SEQ_LEN,
        0.05,
        0.0,
        1.0,
        Schedule.LINEAR,
        Limits.DEFAULT_SEED,
        Precision.FP32,
        null);
  }

  /**
   * open-unlearning's 10 epochs with the job's warmup, decay, clipping and schedule defaults; a
   * batch of 4 with no accumulation, so that forget01 still takes several steps per epoch; and a
   * learning rate of 1e-3, the LoRA rate for a small model (the job default 1e-4 is for 1B-7B
   * models and leaves a tiny model unchanged).
   */
  private static TrainingConfig unlearning() {
    return new TrainingConfig(
        10,
        null,
        UNLEARNING_RATE,
        4,
        1,
        MAX_SEQ_LEN,
        Limits.DEFAULT_WARMUP_RATIO,
        Limits.DEFAULT_WEIGHT_DECAY,
        Limits.DEFAULT_MAX_GRAD_NORM,
        Schedule.LINEAR,
        Limits.DEFAULT_SEED,
        Precision.FP32,
        null);
  }
}
