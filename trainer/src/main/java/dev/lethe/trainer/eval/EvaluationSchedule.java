package dev.lethe.trainer.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.lethe.contract.EvaluationConfig;
import dev.lethe.contract.Gate;
import dev.lethe.contract.KeepBest;
import dev.lethe.trainer.train.StepStats;
import dev.lethe.trainer.train.TrainingDivergedException;
import dev.lethe.trainer.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Evaluations during training, every {@code everySteps} optimiser steps, and the choice of the
 * checkpoint a job keeps (open-unlearning#187): with {@code keepBest}, the evaluated checkpoint
 * that passes every gate (any, if none does) with the best value of its metric; otherwise the last.
 * The kept checkpoint's trainable weights are copied aside when it is found and put back at the
 * end. With {@code stopWhenGatesPass}, training ends at the first evaluation where every gate
 * passes, and that checkpoint is kept.
 */
public final class EvaluationSchedule implements TrainingListener, AutoCloseable {
  /** An evaluated checkpoint. */
  public record Evaluated(long step, Evaluation evaluation) {}

  /**
   * Training that ended before its plan because every gate passed.
   *
   * @param step the step it ended at, whose checkpoint is kept
   * @param plannedSteps the steps its epochs or maxSteps allowed
   */
  public record EarlyStop(long step, long plannedSteps) {}

  private final TrainingListener next;
  private final Evaluator evaluator;
  private final Integer everySteps;
  private final KeepBest keepBest;
  private final List<Gate> gates;
  private final boolean stopWhenGatesPass;
  private final Evaluation before;
  private final List<NDArray> trainable;
  private final NDManager saved;
  private final List<Evaluated> history = new ArrayList<>();
  private Evaluated best;
  private List<NDArray> bestWeights;
  private EarlyStop earlyStop;

  /**
   * @param config when to evaluate ({@code everySteps}), which checkpoint to keep ({@code
   *     keepBest}), the gates, and whether to stop once they pass
   */
  public EvaluationSchedule(
      TrainingListener next,
      Evaluator evaluator,
      EvaluationConfig config,
      Evaluation before,
      List<NDArray> trainable) {
    this.next = next;
    this.evaluator = evaluator;
    this.everySteps = config.everySteps();
    this.keepBest = config.keepBest();
    this.gates = config.gates();
    this.stopWhenGatesPass = config.stopWhenGatesPass();
    this.before = before;
    this.trainable = trainable;
    this.saved = trainable.get(0).getManager().newSubManager();
  }

  @Override
  public void step(StepStats stats) {
    next.step(stats);
    if (everySteps != null && stats.step() % everySteps == 0 && stats.step() < stats.totalSteps()) {
      next.stage("evaluate");
      Evaluated candidate = new Evaluated(stats.step(), evaluate(stats.step()));
      consider(candidate, false);
      if (stopWhenGatesPass && passesGates(candidate)) {
        earlyStop = new EarlyStop(stats.step(), stats.totalSteps());
        best = candidate;
      }
      next.stage("unlearn");
    }
  }

  @Override
  public boolean goalReached() {
    return earlyStop != null;
  }

  /** Why training ended before its plan, if it did. */
  public Optional<EarlyStop> earlyStop() {
    return Optional.ofNullable(earlyStop);
  }

  @Override
  public void stage(String name) {
    next.stage(name);
  }

  /**
   * Evaluates the trained model as the last candidate (unless training stopped at an evaluation of
   * this very step) and puts the kept checkpoint's weights back.
   *
   * @return the kept checkpoint
   */
  public Evaluated finish(long step) {
    Evaluated last;
    if (earlyStop != null && earlyStop.step() == step) {
      last = best;
    } else {
      last = new Evaluated(step, evaluate(step));
      consider(last, true);
    }
    if (best != last) {
      for (int i = 0; i < trainable.size(); i++) {
        trainable.get(i).set(new NDIndex("..."), bestWeights.get(i));
      }
    }
    return best;
  }

  /** Non-finite outputs after some training mean the training diverged. */
  private Evaluation evaluate(long step) {
    try {
      return evaluator.evaluate();
    } catch (NonFiniteOutputException e) {
      throw new TrainingDivergedException(
          "training diverged by step " + step + ": " + e.getMessage());
    }
  }

  /** Every evaluated checkpoint, in step order, the last included once {@link #finish} ran. */
  public List<Evaluated> history() {
    return List.copyOf(history);
  }

  private void consider(Evaluated candidate, boolean last) {
    history.add(candidate);
    if (best == null || (keepBest == null ? last : better(candidate, best))) {
      best = candidate;
      if (!last && keepBest != null) {
        save();
      }
    }
  }

  private boolean better(Evaluated candidate, Evaluated incumbent) {
    boolean passes = passesGates(candidate);
    if (passes != passesGates(incumbent)) {
      return passes;
    }
    Double value = candidate.evaluation().get(keepBest.metric());
    Double best = incumbent.evaluation().get(keepBest.metric());
    return value != null && (best == null || keepBest.improves(value, best));
  }

  private boolean passesGates(Evaluated e) {
    return Gates.judge(gates, before, e.evaluation()).stream().allMatch(o -> o.passed());
  }

  /** Copies the trainable weights aside, replacing the previous copy. */
  private void save() {
    if (bestWeights != null) {
      bestWeights.forEach(NDArray::close);
    }
    bestWeights = new ArrayList<>();
    for (NDArray weight : trainable) {
      NDArray copy = weight.duplicate();
      copy.attach(saved);
      bestWeights.add(copy);
    }
  }

  @Override
  public void close() {
    saved.close();
  }
}
