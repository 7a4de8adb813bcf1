package dev.lethe.trainer.cli;

import dev.lethe.contract.DataConfig;
import dev.lethe.contract.Result;
import dev.lethe.trainer.data.UnlearningData;
import dev.lethe.trainer.model.TinyModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tiny-model}: a small, randomly initialised Llama whose word-level tokenizer knows every
 * word of a data file (prompts in the file's format, and answers). {@code finetune} then teaches it
 * the file; the demo makes its target model this way instead of downloading one.
 */
@Command(
    name = "tiny-model",
    customSynopsis = "lethe-trainer tiny-model --data FILE --output DIR [options]",
    description = "Write a small random Llama whose tokenizer knows the words of a data file.")
final class TinyModelCommand implements Subcommand {
  @Option(names = "--data", required = true, paramLabel = "FILE")
  private String data;

  @Option(names = "--output", required = true, paramLabel = "DIR")
  private String output;

  @Mixin private DataOptions reading;

  @Option(names = "--hidden", paramLabel = "N")
  private int hidden = 64;

  @Option(names = "--layers", paramLabel = "N")
  private int layers = 2;

  @Option(names = "--heads", paramLabel = "N")
  private int heads = 4;

  @Option(names = "--kv-heads", paramLabel = "N")
  private int kvHeads = 2;

  @Option(names = "--intermediate", paramLabel = "N")
  private int intermediate = 128;

  @Option(names = "--seed", paramLabel = "N")
  private long seed = 1;

  @Override
  public Result run() throws IOException {
    DataConfig file = reading.config(data);
    List<String> corpus =
        UnlearningData.read(Path.of(file.forget()), file).stream()
            .map(e -> e.prompt() + " " + e.target())
            .toList();
    new TinyModel(hidden, layers, heads, kvHeads, intermediate)
        .write(Path.of(output), corpus, seed);
    return Result.of(0, "tiny model written to " + output);
  }
}
