package dev.lethe.trainer.cli;

import dev.lethe.contract.Limits;
import dev.lethe.contract.LoraConfig;
import dev.lethe.contract.LoraInit;
import dev.lethe.contract.TargetModule;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Option;

/** The LoRA adapter {@code unlearn} trains, with an UnlearningJob's defaults. */
final class LoraOptions {
  @Option(names = "--rank", paramLabel = "R")
  private int rank = Limits.DEFAULT_LORA_RANK;

  @Option(
      names = "--alpha",
      paramLabel = "ALPHA",
      description = "Scale numerator (default: " + Limits.DEFAULT_LORA_ALPHA_PER_RANK + " x rank).")
  private Double alpha;

  @Option(names = "--dropout", paramLabel = "FRACTION")
  private double dropout = 0.0;

  @Option(
      names = "--target-modules",
      paramLabel = "MODULE",
      split = ",",
      description = "The layers that carry an adapter, of ${COMPLETION-CANDIDATES} (default: all).")
  private List<TargetModule> targetModules;

  @Option(names = "--init", paramLabel = "default|fila", defaultValue = "default")
  private LoraInit init;

  LoraConfig config() {
    return new LoraConfig(
        rank,
        alpha != null ? alpha : (double) Limits.DEFAULT_LORA_ALPHA_PER_RANK * rank,
        dropout,
        targetModules != null ? targetModules : Arrays.asList(TargetModule.values()),
        init);
  }
}
