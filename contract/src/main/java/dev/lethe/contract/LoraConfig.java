package dev.lethe.contract;

import static dev.lethe.contract.ConfigChecks.required;

import java.util.List;

/** The adapter: rank, scale alpha/rank, dropout, which layers carry it, and how it starts. */
public record LoraConfig(
    int rank, double alpha, double dropout, List<TargetModule> targetModules, LoraInit init) {

  public LoraConfig {
    ConfigChecks.between("lora.rank", rank, Limits.MIN_LORA_RANK, Limits.MAX_LORA_RANK);
    ConfigChecks.positiveAtMost("lora.alpha", alpha, Limits.MAX_LORA_ALPHA);
    ConfigChecks.fraction("lora.dropout", dropout);
    targetModules =
        List.copyOf(
            ConfigChecks.nonEmptyAtMost(
                "lora.targetModules", targetModules, TargetModule.values().length));
    if (targetModules.stream().distinct().count() != targetModules.size()) {
      throw new InvalidConfigException(
          "lora.targetModules must not repeat a module, got " + targetModules);
    }
    required("lora.init", init);
  }

  /** The factor PEFT applies to B·A. */
  public double scaling() {
    return alpha / rank;
  }
}
