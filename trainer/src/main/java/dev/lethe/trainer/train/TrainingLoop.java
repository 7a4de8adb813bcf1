package dev.lethe.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.lethe.contract.TrainingConfig;
import dev.lethe.trainer.data.Pairing.Pair;
import dev.lethe.trainer.data.UnlearningBatch;
import dev.lethe.trainer.data.UnlearningData;
import dev.lethe.trainer.loss.LossTerms;
import dev.lethe.trainer.loss.UnlearningLoss;
import dev.lethe.trainer.model.CausalLm;
import dev.lethe.trainer.train.Checkpoints.Position;
import java.util.List;

/**
 * The training loop, flat as nanoGPT's {@code train.py}: one pass of the loop is one optimiser
 * step, whose micro-batches (gradient accumulation) add up their gradients; then the learning rate
 * of the step, clipping, AdamW on the trainable arrays only, the listeners (progress, metrics and
 * evaluations) and the checkpoint.
 *
 * <p>A step takes the next {@code gradientAccumulation} micro-batches of its epoch, fewer at the
 * epoch's end: a step never spans two epochs.
 */
public final class TrainingLoop {
  private TrainingLoop() {}

  /**
   * Trains until the plan's steps are done, or the listener says the goal is reached.
   *
   * @param listener told after every optimiser step
   * @param checkpoints where to save and resume; null for none
   * @return optimiser steps taken, those before a resumed checkpoint included
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
    LearningRate learningRate =
        new LearningRate(t.learningRate(), plan.warmupSteps(), plan.totalSteps(), t.schedule());
    EpochOrder order = new EpochOrder(t.seed(), data, t.batchSize());
    Engine.getInstance().setRandomSeed((int) t.seed());
    try (NDManager optimizerState = parent.newSubManager()) {
      AdamW optimizer = new AdamW(trainable, t.weightDecay(), optimizerState);
      Position at = checkpoints == null ? Position.START : checkpoints.resume(trainable, optimizer);
      while (at.step() < plan.totalSteps() && at.epoch() < t.epochs() && !listener.goalReached()) {
        List<List<Pair>> epoch = order.of(at.epoch());
        int end = Math.min(at.microBatch() + t.gradientAccumulation(), epoch.size());
        List<List<Pair>> microBatches = epoch.subList(at.microBatch(), end);

        StepAverages averages = new StepAverages();
        for (List<Pair> pairs : microBatches) {
          averages.add(
              forwardBackward(
                  model, loss, data, pairs, microBatches.size(), at.step() + 1, parent));
        }

        double norm = GradientClipping.globalNorm(trainable);
        double rate = learningRate.at(at.step());
        optimizer.step(rate, GradientClipping.scale(norm, t.maxGradNorm()));

        boolean epochEnded = end == epoch.size();
        Position next =
            epochEnded
                ? new Position(at.step() + 1, at.epoch() + 1, 0)
                : new Position(at.step() + 1, at.epoch(), end);
        double epochs = at.epoch() + end / (double) epoch.size();
        // progress and metrics, and with an EvaluationSchedule an evaluation every N steps
        listener.step(averages.stats(next.step(), plan.totalSteps(), epochs, rate, norm));
        if (checkpoints != null) {
          checkpoints.saveIfDue(next, epochEnded, trainable, optimizer);
        }
        at = next;
      }
      return at.step();
    }
  }

  /**
   * One micro-batch's forward and backward pass; the trainable arrays add its gradients to theirs.
   * Its loss is divided by the step's micro-batch count, so that a step's gradients are those of
   * the mean of its micro-batches' losses. The micro-batch's arrays live in their own NDManager,
   * closed at its end: without one, native memory grows by hundreds of MB a step.
   *
   * @param step the step it belongs to, counting from 1 as the listeners do
   * @throws TrainingDivergedException when the loss is not finite, before its backward pass
   */
  private static MicroBatchLoss forwardBackward(
      CausalLm model,
      UnlearningLoss loss,
      UnlearningData data,
      List<Pair> pairs,
      int microBatches,
      long step,
      NDManager parent) {
    try (NDManager micro = parent.newSubManager()) {
      UnlearningBatch batch = data.batch(pairs, micro);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        LossTerms terms = loss.compute(model, batch);
        MicroBatchLoss measured = MicroBatchLoss.of(terms, batch);
        if (!measured.isFinite()) {
          throw measured.diverged(step);
        }
        NDArray count =
            micro.create((double) microBatches).toType(terms.total().getDataType(), false);
        collector.backward(terms.total().div(count));
        return measured;
      }
    }
  }
}
