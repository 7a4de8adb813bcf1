package dev.lethe.trainer.cli;

import dev.lethe.contract.DataConfig;
import dev.lethe.trainer.data.UnlearningData;
import dev.lethe.trainer.model.TinyModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code tiny-model}: a small, randomly initialised Llama whose word-level tokenizer knows every
 * word of a data file (prompts in the file's format, and answers). {@code finetune} then teaches it
 * the file; the demo makes its target model this way instead of downloading one.
 */
final class TinyModelCommand {
  static final Set<String> FLAGS =
      Set.of("data", "output", "hidden", "layers", "heads", "kv-heads", "intermediate", "seed");

  private TinyModelCommand() {}

  static void write(Flags f, Path output) throws IOException {
    DataConfig data = StandaloneConfig.data(f, f.required("data"), null, null, null);
    List<String> corpus =
        UnlearningData.read(Path.of(data.forget()), data).stream()
            .map(e -> e.prompt() + " " + e.target())
            .toList();
    new TinyModel(
            f.integer("hidden", 64),
            f.integer("layers", 2),
            f.integer("heads", 4),
            f.integer("kv-heads", 2),
            f.integer("intermediate", 128))
        .write(output, corpus, f.integer("seed", 1));
  }
}
