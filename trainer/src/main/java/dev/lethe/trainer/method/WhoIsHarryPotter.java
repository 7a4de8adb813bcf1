package dev.lethe.trainer.method;

import ai.djl.ndarray.NDArray;
import dev.lethe.contract.TrainerConfig;
import dev.lethe.trainer.data.EncodedExample;
import dev.lethe.trainer.data.UnlearningBatch;
import dev.lethe.trainer.data.UnlearningData;
import dev.lethe.trainer.lora.Lora;
import dev.lethe.trainer.loss.LossMath;
import dev.lethe.trainer.loss.LossTerms;
import dev.lethe.trainer.loss.NllLoss;
import dev.lethe.trainer.loss.RetainTerm;
import dev.lethe.trainer.model.CausalLm;
import dev.lethe.trainer.model.LlamaCausalLm;
import dev.lethe.trainer.model.LlamaModel;
import dev.lethe.trainer.model.TokenBatch;
import dev.lethe.trainer.train.TrainingListener;
import dev.lethe.trainer.train.TrainingLoop;
import dev.lethe.trainer.whp.AlignedExample;
import dev.lethe.trainer.whp.Anchors;
import dev.lethe.trainer.whp.GenericLabels;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who's Harry Potter (Eldan and Russinovich 2023), in three stages. Its preparation makes the
 * labels: {@code reinforce} trains a throw-away adapter with NLL on the forget set, and {@code
 * relabel} gives every forget token a generic label from the base and reinforced models (and the
 * anchors' translations, when the job has some). Training then fits the unlearning adapter to those
 * labels: the token-mean NLL of the forget batch towards its generic labels, total {@code γ · NLL +
 * α · R(B_r)}, with α = 0 by default.
 *
 * @param forgetWeight γ
 * @param retain α and R
 */
public record WhoIsHarryPotter(double forgetWeight, RetainTerm retain) implements Method {
  private static final Logger LOG = LoggerFactory.getLogger(WhoIsHarryPotter.class);

  @Override
  public UnlearningData prepare(Preparation p) {
    TrainerConfig config = p.config();
    String file = config.data().anchors();
    Anchors anchors = file == null ? Anchors.NONE : Anchors.read(Path.of(file));
    int maxLength = config.training().maxSeqLen();
    List<AlignedExample> examples =
        p.data().forgetExamples().stream()
            .map(e -> AlignedExample.encode(e, anchors, p.tokenizer(), maxLength))
            .toList();
    p.stages()
        .run(
            "reinforce",
            () -> reinforce(config, p.model(), p.data(), examples, p.stages().listener()));
    return p.stages().run("relabel", () -> relabel(config, p.model(), p.data(), examples));
  }

  @Override
  public LossTerms compute(CausalLm model, UnlearningBatch batch) {
    TokenBatch forget = batch.forget();
    NDArray nll = LossMath.tokenMeanNll(model.logits(forget), forget.labels());
    return retain.combine(nll, forgetWeight, model, batch.retain());
  }

  /**
   * Attaches a fresh adapter and trains it with NLL on the forget set for {@code
   * method.reinforceEpochs} at {@code method.reinforceLearningRate}; the job's other training
   * settings apply.
   *
   * @return the optimiser steps taken
   */
  private static long reinforce(
      TrainerConfig config,
      LlamaModel model,
      UnlearningData data,
      List<AlignedExample> examples,
      TrainingListener listener) {
    List<NDArray> adapter = Lora.attach(model, config.lora(), config.training().seed());
    List<EncodedExample> originals = examples.stream().map(AlignedExample::original).toList();
    return TrainingLoop.run(
        new LlamaCausalLm(model),
        model.manager(),
        adapter,
        new NllLoss(),
        data.withForget(originals).withoutRetain(),
        config
            .training()
            .anotherRun(config.method().reinforceEpochs(), config.method().reinforceLearningRate()),
        listener,
        null);
  }

  /**
   * The data with generic labels on the forget set; removes the reinforced adapter. Logs how many
   * labels differ from the text's own tokens: where none do, training moves the model towards what
   * it already says.
   */
  private static UnlearningData relabel(
      TrainerConfig config, LlamaModel model, UnlearningData data, List<AlignedExample> examples) {
    List<EncodedExample> labelled =
        GenericLabels.of(
            model, examples, config.method().alpha(), config.training().batchSize(), data.padId());
    Lora.detach(model);
    logChanges(labelled);
    return data.withForget(labelled);
  }

  private static void logChanges(List<EncodedExample> labelled) {
    long changed = 0;
    long total = 0;
    for (EncodedExample e : labelled) {
      for (int p = 1; p < e.labels().length; p++) {
        if (e.labels()[p] != TokenBatch.IGNORE_INDEX) {
          total++;
          changed += e.labels()[p] != e.ids()[p] ? 1 : 0;
        }
      }
    }
    if (changed == 0) {
      LOG.warn(
          "relabel: no generic label differs from the text, so unlearning will train the model"
              + " towards what it already says; give anchors, or raise method.alpha or the"
              + " reinforcement");
    } else {
      LOG.info(
          "relabel: {} of {} trained tokens get a generic label other than the text's",
          changed,
          total);
    }
  }
}
