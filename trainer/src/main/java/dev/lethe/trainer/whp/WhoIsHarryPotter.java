package dev.lethe.trainer.whp;

import ai.djl.ndarray.NDArray;
import dev.lethe.contract.MethodConfig;
import dev.lethe.contract.TrainerConfig;
import dev.lethe.contract.TrainingConfig;
import dev.lethe.trainer.data.EncodedExample;
import dev.lethe.trainer.data.TextTokenizer;
import dev.lethe.trainer.data.UnlearningData;
import dev.lethe.trainer.lora.Lora;
import dev.lethe.trainer.loss.NllLoss;
import dev.lethe.trainer.model.LlamaCausalLm;
import dev.lethe.trainer.model.LlamaModel;
import dev.lethe.trainer.model.TokenBatch;
import dev.lethe.trainer.train.TrainingListener;
import dev.lethe.trainer.train.TrainingLoop;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first two stages of Who's Harry Potter (Eldan and Russinovich 2023; METHODS §1.11, §1.12
 * decision 7): a reinforced adapter trained with NLL on the forget set, then generic labels for
 * every forget example from the base and reinforced models. The third stage, training the
 * unlearning adapter on those labels, is the job's own training with {@code WhpLoss}. The
 * reinforced adapter is discarded once the labels are made.
 */
public final class WhoIsHarryPotter {
  private static final Logger LOG = LoggerFactory.getLogger(WhoIsHarryPotter.class);
  private final TrainerConfig config;
  private final List<AlignedExample> examples;

  private WhoIsHarryPotter(TrainerConfig config, List<AlignedExample> examples) {
    this.config = config;
    this.examples = examples;
  }

  /** Reads the anchors, if any, and aligns every forget example with its translation. */
  public static WhoIsHarryPotter prepare(
      TrainerConfig config, UnlearningData data, TextTokenizer tokenizer) {
    String file = config.data().anchors();
    Anchors anchors = file == null ? Anchors.NONE : Anchors.read(Path.of(file));
    int maxLength = config.training().maxSeqLen();
    return new WhoIsHarryPotter(
        config,
        data.forgetExamples().stream()
            .map(e -> AlignedExample.encode(e, anchors, tokenizer, maxLength))
            .toList());
  }

  /**
   * Stage 1: attaches a fresh adapter and trains it with NLL on the forget set for {@code
   * method.reinforceEpochs} at {@code method.reinforceLearningRate}; the job's other training
   * settings apply.
   */
  public void reinforce(LlamaModel model, UnlearningData data, TrainingListener listener) {
    List<NDArray> adapter = Lora.attach(model, config.lora(), config.training().seed());
    List<EncodedExample> originals = examples.stream().map(AlignedExample::original).toList();
    TrainingLoop.run(
        new LlamaCausalLm(model),
        model.manager(),
        adapter,
        new NllLoss(),
        data.withForget(originals).withoutRetain(),
        reinforcement(config.method(), config.training()),
        listener,
        null);
  }

  /**
   * Stage 2: the data with generic labels on the forget set; removes the reinforced adapter. Logs
   * how many labels differ from the text's own tokens: where none do, stage 3 trains the model
   * towards what it already says.
   */
  public UnlearningData relabel(LlamaModel model, UnlearningData data, long padId) {
    List<EncodedExample> labelled =
        GenericLabels.of(
            model, examples, config.method().alpha(), config.training().batchSize(), padId);
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

  private static TrainingConfig reinforcement(MethodConfig method, TrainingConfig t) {
    return new TrainingConfig(
        method.reinforceEpochs(),
        null,
        method.reinforceLearningRate(),
        t.batchSize(),
        t.gradientAccumulation(),
        t.maxSeqLen(),
        t.warmupRatio(),
        t.weightDecay(),
        t.maxGradNorm(),
        t.schedule(),
        t.seed(),
        t.precision(),
        null);
  }
}
