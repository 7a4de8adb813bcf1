package dev.lethe.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.lethe.contract.TrainingConfig;
import dev.lethe.trainer.data.Pairing;
import dev.lethe.trainer.data.Pairing.Pair;
import dev.lethe.trainer.data.UnlearningBatch;
import dev.lethe.trainer.data.UnlearningData;
import dev.lethe.trainer.loss.LossTerms;
import dev.lethe.trainer.loss.UnlearningLoss;
import dev.lethe.trainer.model.CausalLm;
import dev.lethe.trainer.model.TokenBatch;
import java.util.List;

/**
 * The training loop, flat from top to bottom (nanoGPT's {@code train.py}): epochs of paired
 * micro-batches, gradient accumulation, clipping, AdamW on the trainable arrays only, the learning
 * rate a pure function of the step.
 *
 * <p>Each micro-batch lives in its own NDManager, closed at its end (DJL-NOTES.md: without it,
 * native memory grows by hundreds of MB per step).
 */
public final class TrainingLoop {
  private TrainingLoop() {}

  /**
   * Trains until the plan's steps are done.
   *
   * @param listener told after every optimiser step
   * @param checkpoints where to save and resume; null for none
   * @return optimiser steps taken
   */
  public static long run(
      CausalLm model,
      NDManager parent,
      List<NDArray> trainable,
      UnlearningLoss loss,
      UnlearningData data,
      TrainingConfig t,
      TrainingListener listener,
      Checkpoints checkpoints) {
    TrainingPlan plan = TrainingPlan.of(data.forget().size(), t);
    LearningRate schedule =
        new LearningRate(t.learningRate(), plan.warmupSteps(), plan.totalSteps(), t.schedule());
    Engine.getInstance().setRandomSeed((int) t.seed());
    try (NDManager optimizerState = parent.newSubManager()) {
      AdamW optimizer = new AdamW(trainable, t.weightDecay(), optimizerState);
      Checkpoints.Position start =
          checkpoints == null
              ? Checkpoints.Position.START
              : checkpoints.resume(trainable, optimizer);
      long step = start.step();
      for (int epoch = start.epoch(); epoch < t.epochs() && step < plan.totalSteps(); epoch++) {
        List<List<Pair>> batches =
            Pairing.epoch(
                t.seed(), epoch, data.forget().size(), data.retain().size(), t.batchSize());
        Accumulator sums = new Accumulator();
        int first = epoch == start.epoch() ? start.microBatch() : 0;
        for (int m = first; m < batches.size() && step < plan.totalSteps(); m++) {
          int groupStart = m - m % t.gradientAccumulation();
          int groupSize = Math.min(t.gradientAccumulation(), batches.size() - groupStart);
          sums.startIfIdle();
          try (NDManager micro = parent.newSubManager()) {
            UnlearningBatch batch = data.batch(batches.get(m), micro);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
              LossTerms terms = loss.compute(model, batch);
              sums.add(terms, batch, step);
              collector.backward(
                  terms
                      .total()
                      .div(
                          micro
                              .create((double) groupSize)
                              .toType(terms.total().getDataType(), false)));
            }
          }
          if (m - groupStart + 1 == groupSize) {
            double norm = GradientClipping.globalNorm(trainable);
            double scale = t.maxGradNorm() > 0 ? Math.min(1, t.maxGradNorm() / (norm + 1e-6)) : 1;
            double rate = schedule.at(step);
            optimizer.step(rate, scale);
            step++;
            double epochs = epoch + (m + 1) / (double) batches.size();
            listener.step(sums.finish(step, plan.totalSteps(), epochs, rate, norm));
            if (checkpoints != null) {
              boolean epochEnded = m + 1 == batches.size();
              Checkpoints.Position next =
                  epochEnded
                      ? new Checkpoints.Position(step, epoch + 1, 0)
                      : new Checkpoints.Position(step, epoch, m + 1);
              checkpoints.saveIfDue(next, epochEnded, trainable, optimizer);
            }
          }
        }
      }
      return step;
    }
  }

  /** Sums of an optimiser step's micro-batches, for the step's report. */
  private static final class Accumulator {
    private double loss;
    private double forget;
    private double retain;
    private boolean hasRetain;
    private int count;
    private long tokens;
    private long started = System.nanoTime();

    /** A step's time starts with its first micro-batch, not after the last step's listeners. */
    void startIfIdle() {
      if (count == 0) {
        started = System.nanoTime();
      }
    }

    void add(LossTerms terms, UnlearningBatch batch, long step) {
      double total = value(terms.total());
      double f = value(terms.forget());
      Double r = terms.retain() == null ? null : value(terms.retain());
      if (!Double.isFinite(total)) {
        throw new TrainingDivergedException(
            "training diverged at step "
                + (step + 1)
                + ": loss "
                + total
                + " (forget "
                + f
                + (r == null ? "" : ", retain " + r)
                + ")");
      }
      loss += total;
      forget += f;
      if (r != null) {
        retain += r;
        hasRetain = true;
      }
      count++;
      tokens +=
          realTokens(batch.forget()) + realTokens(batch.retain()) + realTokens(batch.refusal());
    }

    StepStats finish(long step, long total, double epoch, double rate, double norm) {
      double seconds = (System.nanoTime() - started) / 1e9;
      StepStats stats =
          new StepStats(
              step,
              total,
              epoch,
              loss / count,
              forget / count,
              hasRetain ? retain / count : null,
              rate,
              norm,
              tokens,
              seconds);
      loss = forget = retain = 0;
      hasRetain = false;
      count = 0;
      tokens = 0;
      return stats;
    }

    private static double value(NDArray scalar) {
      return scalar.toType(DataType.FLOAT64, false).getDouble();
    }

    private static long realTokens(TokenBatch batch) {
      return batch == null ? 0 : batch.attentionMask().sum().getLong();
    }
  }
}
