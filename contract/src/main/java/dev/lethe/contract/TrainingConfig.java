package dev.lethe.contract;

import static dev.lethe.contract.ConfigChecks.between;
import static dev.lethe.contract.ConfigChecks.required;

/**
 * The optimisation: AdamW on the adapter, warmup then {@link Schedule}, clipping and accumulation.
 * {@code maxSteps}, when set, ends training before {@code epochs} would. A checkpoint is saved at
 * the end of every epoch, and every {@code checkpointEverySteps} steps when set.
 */
public record TrainingConfig(
    int epochs,
    Integer maxSteps,
    double learningRate,
    int batchSize,
    int gradientAccumulation,
    int maxSeqLen,
    double warmupRatio,
    double weightDecay,
    double maxGradNorm,
    Schedule schedule,
    long seed,
    Precision precision,
    Integer checkpointEverySteps) {

  public TrainingConfig {
    between("training.epochs", epochs, 1, Limits.MAX_EPOCHS);
    if (maxSteps != null) {
      between("training.maxSteps", maxSteps, 1, Limits.MAX_STEPS);
    }
    ConfigChecks.between(
        "training.learningRate", learningRate, Limits.MIN_LEARNING_RATE, Limits.MAX_LEARNING_RATE);
    between("training.batchSize", batchSize, 1, Limits.MAX_BATCH_SIZE);
    between(
        "training.gradientAccumulation", gradientAccumulation, 1, Limits.MAX_GRADIENT_ACCUMULATION);
    between("training.maxSeqLen", maxSeqLen, Limits.MIN_SEQ_LEN, Limits.MAX_SEQ_LEN);
    ConfigChecks.fraction("training.warmupRatio", warmupRatio);
    ConfigChecks.nonNegativeAtMost("training.weightDecay", weightDecay, 1.0);
    ConfigChecks.nonNegativeAtMost("training.maxGradNorm", maxGradNorm, 1e6);
    required("training.schedule", schedule);
    if (seed < 0) {
      throw new InvalidConfigException("training.seed must not be negative, got " + seed);
    }
    required("training.precision", precision);
    if (checkpointEverySteps != null) {
      between("training.checkpointEverySteps", checkpointEverySteps, 1, Limits.MAX_STEPS);
    }
  }

  /**
   * The same optimisation for a run of its own, of {@code epochs} at the peak rate {@code
   * learningRate}, with no step limit and no checkpoints: WHP's reinforcement, which trains a
   * throw-away adapter with the job's batches and schedule.
   */
  public TrainingConfig anotherRun(int epochs, double learningRate) {
    return new TrainingConfig(
        epochs,
        null,
        learningRate,
        batchSize,
        gradientAccumulation,
        maxSeqLen,
        warmupRatio,
        weightDecay,
        maxGradNorm,
        schedule,
        seed,
        precision,
        null);
  }

  /** The same optimisation from another seed: the batches' order, dropout and adapter start. */
  public TrainingConfig withSeed(long otherSeed) {
    return new TrainingConfig(
        epochs,
        maxSteps,
        learningRate,
        batchSize,
        gradientAccumulation,
        maxSeqLen,
        warmupRatio,
        weightDecay,
        maxGradNorm,
        schedule,
        otherSeed,
        precision,
        checkpointEverySteps);
  }
}
