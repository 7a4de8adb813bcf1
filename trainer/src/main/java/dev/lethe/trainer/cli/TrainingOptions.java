package dev.lethe.trainer.cli;

import dev.lethe.contract.Limits;
import dev.lethe.contract.Precision;
import dev.lethe.contract.Schedule;
import dev.lethe.contract.TrainingConfig;
import picocli.CommandLine.Option;

/** The optimisation, for the commands that train, with an UnlearningJob's defaults. */
final class TrainingOptions {
  @Option(names = "--epochs", paramLabel = "N")
  private int epochs = Limits.DEFAULT_EPOCHS;

  @Option(names = "--max-steps", paramLabel = "N", description = "End before the epochs would.")
  private Integer maxSteps;

  @Option(names = "--learning-rate", paramLabel = "RATE")
  private double learningRate = Limits.DEFAULT_LEARNING_RATE;

  @Option(names = "--batch-size", paramLabel = "N")
  private int batchSize = Limits.DEFAULT_BATCH_SIZE;

  @Option(names = "--gradient-accumulation", paramLabel = "N")
  private int gradientAccumulation = Limits.DEFAULT_GRADIENT_ACCUMULATION;

  @Option(names = "--warmup-ratio", paramLabel = "FRACTION")
  private double warmupRatio = Limits.DEFAULT_WARMUP_RATIO;

  @Option(names = "--weight-decay", paramLabel = "DECAY")
  private double weightDecay = Limits.DEFAULT_WEIGHT_DECAY;

  @Option(names = "--max-grad-norm", paramLabel = "NORM")
  private double maxGradNorm = Limits.DEFAULT_MAX_GRAD_NORM;

  @Option(
      names = "--checkpoint-every-steps",
      paramLabel = "N",
      description = "Save a checkpoint this often too, besides at the end of every epoch.")
  private Integer checkpointEverySteps;

  @Option(names = "--schedule", paramLabel = "linear|cosine|constant", defaultValue = "linear")
  private Schedule schedule;

  @Option(names = "--seed", paramLabel = "N")
  private long seed = Limits.DEFAULT_SEED;

  TrainingConfig config(int maxSeqLen) {
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
        seed,
        Precision.FP32,
        checkpointEverySteps);
  }
}
