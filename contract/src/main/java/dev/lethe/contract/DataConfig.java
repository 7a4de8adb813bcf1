package dev.lethe.contract;

import static dev.lethe.contract.ConfigChecks.required;
import static dev.lethe.contract.ConfigChecks.requiredText;

import java.util.function.UnaryOperator;

/**
 * The JSONL files of a job. {@code retain}, {@code refusals} (IdkDPO) and {@code anchors} (WHP) may
 * be null.
 */
public record DataConfig(
    String forget,
    String retain,
    DataFormat format,
    String promptTemplate,
    String refusals,
    String anchors) {

  /** TOFU's phi-1.5 template, which open-unlearning also uses; {question} is replaced. */
  public static final String DEFAULT_PROMPT_TEMPLATE = "Question: {question}\nAnswer: ";

  public DataConfig {
    requiredText("data.forget", forget);
    required("data.format", format);
    if (format == DataFormat.QA
        && !requiredText("data.promptTemplate", promptTemplate).contains("{question}")) {
      throw new InvalidConfigException(
          "data.promptTemplate must contain {question}, got \"" + promptTemplate + "\"");
    }
  }

  /** A forget set alone: no retain set, refusals or anchors until a with-method adds them. */
  public static DataConfig of(String forget, DataFormat format, String promptTemplate) {
    return new DataConfig(forget, null, format, promptTemplate, null, null);
  }

  /** The same data with {@code file} (null for none) as the retain set. */
  public DataConfig withRetain(String file) {
    return new DataConfig(forget, file, format, promptTemplate, refusals, anchors);
  }

  /** The same data with {@code file} (null for none) as IdkDPO's refusals. */
  public DataConfig withRefusals(String file) {
    return new DataConfig(forget, retain, format, promptTemplate, file, anchors);
  }

  /** The same data with {@code file} (null for none) as WHP's anchored terms. */
  public DataConfig withAnchors(String file) {
    return new DataConfig(forget, retain, format, promptTemplate, refusals, file);
  }

  /** The same files with each path passed through {@code path}; absent files stay absent. */
  public DataConfig withPaths(UnaryOperator<String> path) {
    return new DataConfig(
        path.apply(forget),
        retain == null ? null : path.apply(retain),
        format,
        promptTemplate,
        refusals == null ? null : path.apply(refusals),
        anchors == null ? null : path.apply(anchors));
  }
}
