package dev.lethe.trainer.cli;

import dev.lethe.contract.EvaluationConfig;
import dev.lethe.contract.Limits;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;

/** What is measured, for {@code unlearn} and {@code evaluate}. */
final class MeasureOptions {
  @Option(
      names = "--eval-retain",
      paramLabel = "FILE",
      description = "The QA file the retain metrics are measured on (default: the retain set).")
  private String retain;

  @Option(
      names = "--holdout",
      paramLabel = "FILE",
      description = "Texts the model never saw, for membership inference and privleak.")
  private String holdout;

  @Option(
      names = "--utility",
      paramLabel = "NAME=FILE",
      split = ",",
      showDefaultValue = Visibility.NEVER,
      description = "General-knowledge QA sets by name, for model utility.")
  private Map<String, String> utility = new LinkedHashMap<>();

  @Option(
      names = "--reference",
      paramLabel = "FILE",
      description = "The evaluation of a model trained without the forget set (evaluate's output).")
  private String reference;

  @Option(
      names = "--max-new-tokens",
      paramLabel = "N",
      description = "The most tokens greedy generation adds, for ROUGE-L.")
  private int maxNewTokens = Limits.DEFAULT_MAX_NEW_TOKENS;

  /** What is measured, evaluated as often as {@code when} says. */
  EvaluationConfig config(ScheduleOptions when) {
    return EvaluationConfig.builder()
        .retain(retain)
        .holdout(holdout)
        .utility(utility)
        .reference(reference)
        .everySteps(when.everySteps())
        .keepBest(when.keepBest())
        .maxNewTokens(maxNewTokens)
        .build();
  }
}
