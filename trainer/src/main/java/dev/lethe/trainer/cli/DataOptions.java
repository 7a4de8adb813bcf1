package dev.lethe.trainer.cli;

import dev.lethe.contract.DataConfig;
import dev.lethe.contract.DataFormat;
import dev.lethe.contract.Limits;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;

/** How every command that reads data files reads them, with an UnlearningJob's defaults. */
final class DataOptions {
  @Option(
      names = "--format",
      paramLabel = "qa|text",
      defaultValue = "qa",
      description = "JSONL of question/answer pairs, or of plain texts.")
  private DataFormat format;

  @Option(
      names = "--prompt-template",
      paramLabel = "TEMPLATE",
      showDefaultValue = Visibility.NEVER,
      description = "How a question becomes a prompt; {question} is replaced (default: TOFU's).")
  private String promptTemplate = DataConfig.DEFAULT_PROMPT_TEMPLATE;

  @Option(
      names = "--max-seq-len",
      paramLabel = "TOKENS",
      description = "Longest example, in tokens; longer ones are cut.")
  int maxSeqLen = Limits.DEFAULT_SEQ_LEN;

  /** The data of {@code forget} alone; add the other sets with the config's with-methods. */
  DataConfig config(String forget) {
    return DataConfig.of(forget, format, promptTemplate);
  }
}
