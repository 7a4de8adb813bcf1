package dev.lethe.trainer.lora;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.trainer.files.ReadErrors;
import dev.lethe.trainer.model.LlamaModel;
import dev.lethe.trainer.model.ModelLoadException;
import dev.lethe.trainer.model.Projection;
import dev.lethe.trainer.model.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Puts an adapter in Hugging Face PEFT's layout (see {@link PeftAdapterWriter}) onto a model: the
 * way back, to evaluate or resume an adapter and to check our writer against PEFT's reader.
 */
public final class PeftAdapterReader {
  private PeftAdapterReader() {}

  public static void read(Path dir, LlamaModel model) {
    Path configFile = dir.resolve(PeftAdapterWriter.CONFIG_FILE);
    JsonNode config;
    try {
      config = new ObjectMapper().readTree(Files.newInputStream(configFile));
    } catch (IOException e) {
      throw new ModelLoadException(ReadErrors.describe(configFile, e));
    }
    double scaling = config.path("lora_alpha").asDouble() / config.path("r").asDouble();
    float dropout = (float) config.path("lora_dropout").asDouble(0);
    try (SafetensorsFile weights =
        SafetensorsFile.open(dir.resolve(PeftAdapterWriter.WEIGHTS_FILE))) {
      Set<String> used = new HashSet<>();
      for (Projection p : model.projections()) {
        String a = PeftAdapterWriter.key(p, "lora_A");
        String b = PeftAdapterWriter.key(p, "lora_B");
        if (!weights.names().contains(a)) {
          continue;
        }
        NDArray aWeight = weights.load(a, model.manager(), p.weight().getDataType());
        NDArray bWeight = weights.load(b, model.manager(), p.weight().getDataType());
        p.setAdapter(new LoraAdapter(aWeight, bWeight, scaling, dropout));
        used.add(a);
        used.add(b);
      }
      if (!used.containsAll(weights.names())) {
        Set<String> unknown = new HashSet<>(weights.names());
        unknown.removeAll(used);
        // Counted, not named: the names are the file's.
        throw new ModelLoadException(
            dir + " has " + unknown.size() + " adapter tensors for no layer of this model");
      }
    }
  }
}
