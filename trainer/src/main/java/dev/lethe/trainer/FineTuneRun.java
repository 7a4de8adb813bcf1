package dev.lethe.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.lethe.contract.DataConfig;
import dev.lethe.contract.TrainingConfig;
import dev.lethe.trainer.data.TextTokenizer;
import dev.lethe.trainer.data.UnlearningData;
import dev.lethe.trainer.loss.NllLoss;
import dev.lethe.trainer.model.LlamaCausalLm;
import dev.lethe.trainer.model.LlamaModel;
import dev.lethe.trainer.model.ModelDirectory;
import dev.lethe.trainer.train.TrainingListener;
import dev.lethe.trainer.train.TrainingLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Full fine-tuning: every weight trainable, NLL on the data, the whole model written in Hugging
 * Face layout. It makes the small target models that tests, benchmarks and the demo unlearn from;
 * unlearning itself always trains adapters.
 */
public final class FineTuneRun {
  private FineTuneRun() {}

  /**
   * Trains on {@code data.forget()} (the training set here) and writes the model to {@code output}.
   */
  public static long run(
      Path modelDir,
      DataConfig data,
      TrainingConfig training,
      Path output,
      NDManager parent,
      TrainingListener listener)
      throws IOException {
    try (LlamaModel model = LlamaModel.load(modelDir, parent, DataType.FLOAT32);
        TextTokenizer tokenizer = TextTokenizer.load(modelDir, model.config())) {
      UnlearningData examples =
          UnlearningData.load(data, tokenizer, training.maxSeqLen(), training.seed());
      List<NDArray> weights = List.copyOf(model.baseWeights().values());
      weights.forEach(w -> w.setRequiresGradient(true));
      long steps =
          TrainingLoop.run(
              new LlamaCausalLm(model),
              model.manager(),
              weights,
              new NllLoss(),
              examples,
              training,
              listener,
              null);
      ModelDirectory.write(output, modelDir, model.baseWeights());
      return steps;
    }
  }
}
