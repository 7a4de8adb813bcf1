package dev.lethe.trainer.model;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/** Writes a model in Hugging Face layout: the source's config and tokenizer, new weights. */
public final class ModelDirectory {
  private ModelDirectory() {}

  public static void write(Path output, Path source, Map<String, NDArray> weights)
      throws IOException {
    Files.createDirectories(output);
    for (String file : List.of("config.json", "tokenizer.json")) {
      Files.copy(source.resolve(file), output.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
    SafetensorsWriter.write(output.resolve("model.safetensors"), weights);
  }
}
