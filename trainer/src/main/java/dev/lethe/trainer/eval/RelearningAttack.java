package dev.lethe.trainer.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import dev.lethe.contract.Limits;
import dev.lethe.contract.Relearn;
import dev.lethe.contract.Schedule;
import dev.lethe.contract.TrainingConfig;
import dev.lethe.trainer.data.UnlearningData;
import dev.lethe.trainer.loss.NllLoss;
import dev.lethe.trainer.model.LlamaCausalLm;
import dev.lethe.trainer.model.LlamaModel;
import dev.lethe.trainer.train.TrainingDivergedException;
import dev.lethe.trainer.train.TrainingListener;
import dev.lethe.trainer.train.TrainingLoop;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How robust the forgetting is (SimNPO's relearning attack): someone who holds a few forget
 * examples fine-tunes the unlearned model on them with plain NLL for a few steps, and the forget
 * metrics are measured again. Forgetting that is only a thin layer on top of the knowledge comes
 * back within a few steps. The unlearned weights are put back afterwards.
 */
public final class RelearningAttack {
  private RelearningAttack() {}

  /**
   * What the attack brought back.
   *
   * @param examples the forget examples it trained on
   * @param steps the optimiser steps it took
   * @param learningRate its constant learning rate
   * @param forget the forget metrics (and forget quality) after it, by name; empty when it diverged
   * @param diverged why the attack broke the model, null when it did not: the job's own result
   *     stands, the attack needs a lower learning rate
   */
  public record Outcome(
      int examples, long steps, double learningRate, Map<String, Double> forget, String diverged) {}

  /**
   * Runs the attack on the adapter as trained, then restores it.
   *
   * @param data the job's data as loaded, with the forget set's own labels
   * @param training the job's optimisation: the attack keeps its batch size, sequence length,
   *     clipping and seed
   */
  public static Outcome run(
      Relearn attack,
      TrainingConfig training,
      LlamaModel model,
      List<NDArray> trainable,
      UnlearningData data,
      Evaluator evaluator) {
    UnlearningData held = data.someForget(attack.examples(), training.seed());
    List<NDArray> unlearned = trainable.stream().map(NDArray::duplicate).toList();
    try {
      long steps =
          TrainingLoop.run(
              new LlamaCausalLm(model),
              model.manager(),
              trainable,
              new NllLoss(),
              held,
              relearning(attack, training),
              TrainingListener.NONE,
              null);
      return new Outcome(
          held.forget().size(),
          steps,
          attack.learningRate(),
          forgetMetrics(evaluator.evaluate()),
          null);
    } catch (TrainingDivergedException | NonFiniteOutputException e) {
      return new Outcome(
          held.forget().size(), attack.steps(), attack.learningRate(), Map.of(), e.getMessage());
    } finally {
      for (int i = 0; i < trainable.size(); i++) {
        trainable.get(i).set(new NDIndex("..."), unlearned.get(i));
        unlearned.get(i).close();
      }
    }
  }

  /** Exactly {@code attack.steps} steps at a constant rate, without warm-up or weight decay. */
  static TrainingConfig relearning(Relearn attack, TrainingConfig t) {
    return new TrainingConfig(
        Limits.MAX_EPOCHS,
        attack.steps(),
        attack.learningRate(),
        t.batchSize(),
        1,
        t.maxSeqLen(),
        0.0,
        0.0,
        t.maxGradNorm(),
        Schedule.CONSTANT,
        t.seed(),
        t.precision(),
        null);
  }

  private static Map<String, Double> forgetMetrics(Evaluation evaluation) {
    Map<String, Double> forget = new LinkedHashMap<>();
    evaluation
        .named()
        .forEach(
            (name, value) -> {
              if (name.startsWith("forget")) {
                forget.put(name, value);
              }
            });
    return forget;
  }
}
