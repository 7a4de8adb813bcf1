package dev.lethe.trainer.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.lethe.trainer.model.LlamaModel;
import dev.lethe.trainer.model.ModelDirectory;
import dev.lethe.trainer.model.Projection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The base model with every adapter merged into its weight, {@code W + scaling · B · A}. */
public final class MergedModel {
  private MergedModel() {}

  public static void write(Path output, Path source, LlamaModel model) throws IOException {
    try (NDManager scratch = model.manager().newSubManager()) {
      Map<String, NDArray> weights = new LinkedHashMap<>(model.baseWeights());
      for (Projection p : model.projections()) {
        if (Lora.adapter(p) != null) {
          weights.put(p.name() + ".weight", Lora.adapter(p).delta(scratch).add(p.weight()));
        }
      }
      ModelDirectory.write(output, source, weights);
    }
  }
}
