package dev.lethe.contract;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * What is measured, when, and what must hold at the end of a job (docs/metrics.md).
 *
 * @param gates conditions on metrics after unlearning
 * @param retain the QA file the retain metrics are measured on; null for {@code data.retain}
 * @param holdout texts the model never saw, for membership inference and privleak; null for none
 * @param utility general-knowledge QA files by name, for model utility (TOFU's real authors and
 *     world facts)
 * @param reference the evaluation of a model trained without the forget set ({@code lethe-trainer
 *     evaluate}), for forget quality and privleak; null for none
 * @param everySteps evaluate every this many optimiser steps as well as before and after; null for
 *     before and after only
 * @param keepBest which evaluated checkpoint becomes the adapter; null for the last
 * @param stopWhenGatesPass stop training at the first evaluation during training where every gate
 *     passes, and keep that checkpoint: the job states its goal instead of guessing epochs
 * @param relearn a relearning attack after unlearning, to measure how robust the forgetting is;
 *     null for none
 * @param maxNewTokens the most tokens greedy generation adds, for ROUGE-L
 */
public record EvaluationConfig(
    List<Gate> gates,
    String retain,
    String holdout,
    Map<String, String> utility,
    String reference,
    Integer everySteps,
    KeepBest keepBest,
    boolean stopWhenGatesPass,
    Relearn relearn,
    int maxNewTokens) {

  private static final Pattern UTILITY_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?");

  public EvaluationConfig {
    gates = gates == null ? List.of() : List.copyOf(gates);
    utility =
        utility == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(utility));
    if (gates.size() > Limits.MAX_GATES) {
      throw new InvalidConfigException(
          "evaluation.gates must have at most "
              + Limits.MAX_GATES
              + " entries, got "
              + gates.size());
    }
    if (gates.stream().map(Gate::metric).distinct().count() != gates.size()) {
      throw new InvalidConfigException("evaluation.gates must name each metric once");
    }
    if (utility.size() > Limits.MAX_UTILITY_SETS) {
      throw new InvalidConfigException(
          "evaluation.utility must have at most "
              + Limits.MAX_UTILITY_SETS
              + " sets, got "
              + utility.size());
    }
    for (String name : utility.keySet()) {
      if (!UTILITY_NAME.matcher(name).matches()) {
        throw new InvalidConfigException(
            "evaluation.utility names must be lowercase letters, digits and '-', at most 40"
                + " characters, got \""
                + name
                + "\"");
      }
    }
    if (everySteps != null) {
      ConfigChecks.between("evaluation.everySteps", everySteps, 1, Limits.MAX_STEPS);
    }
    if (keepBest != null && everySteps == null) {
      throw new InvalidConfigException(
          "evaluation.keepBest needs evaluation.everySteps: without evaluations during training"
              + " there is only the last checkpoint to keep");
    }
    if (stopWhenGatesPass && (everySteps == null || gates.isEmpty())) {
      throw new InvalidConfigException(
          "evaluation.stopWhenGatesPass needs evaluation.everySteps and at least one gate: it stops"
              + " at the first evaluation during training where every gate passes");
    }
    ConfigChecks.between("evaluation.maxNewTokens", maxNewTokens, 1, Limits.MAX_NEW_TOKENS);
    for (Metric metric : metricsUsed(gates, keepBest)) {
      if (metric == Metric.FORGET_QUALITY && reference == null) {
        throw new InvalidConfigException(
            "evaluation.reference is required for forgetQuality: the evaluation of a model"
                + " trained without the forget set (lethe-trainer evaluate)");
      }
      if (metric == Metric.PRIVLEAK && holdout == null) {
        throw new InvalidConfigException(
            "evaluation.holdout is required for privleak: texts like the forget set that the"
                + " model never saw");
      }
    }
  }

  /** Gates only; everything else at its default. */
  public static EvaluationConfig gates(List<Gate> gates) {
    return builder().gates(gates).build();
  }

  /** A config built by name, every field not set at its default; checked when it is built. */
  public static Builder builder() {
    return new Builder();
  }

  /** Sets an {@link EvaluationConfig}'s fields by name; see the record's parameters. */
  public static final class Builder {
    private List<Gate> gates;
    private String retain;
    private String holdout;
    private Map<String, String> utility;
    private String reference;
    private Integer everySteps;
    private KeepBest keepBest;
    private boolean stopWhenGatesPass;
    private Relearn relearn;
    private int maxNewTokens = Limits.DEFAULT_MAX_NEW_TOKENS;

    private Builder() {}

    public Builder gates(List<Gate> value) {
      gates = value;
      return this;
    }

    public Builder retain(String file) {
      retain = file;
      return this;
    }

    public Builder holdout(String file) {
      holdout = file;
      return this;
    }

    public Builder utility(Map<String, String> files) {
      utility = files;
      return this;
    }

    public Builder reference(String file) {
      reference = file;
      return this;
    }

    public Builder everySteps(Integer steps) {
      everySteps = steps;
      return this;
    }

    public Builder keepBest(KeepBest value) {
      keepBest = value;
      return this;
    }

    public Builder stopWhenGatesPass(boolean value) {
      stopWhenGatesPass = value;
      return this;
    }

    public Builder relearn(Relearn attack) {
      relearn = attack;
      return this;
    }

    public Builder maxNewTokens(int tokens) {
      maxNewTokens = tokens;
      return this;
    }

    /**
     * The config.
     *
     * @throws InvalidConfigException as the record's constructor does
     */
    public EvaluationConfig build() {
      return new EvaluationConfig(
          gates,
          retain,
          holdout,
          utility,
          reference,
          everySteps,
          keepBest,
          stopWhenGatesPass,
          relearn,
          maxNewTokens);
    }
  }

  /** The same with every file path passed through {@code path}. */
  public EvaluationConfig withPaths(UnaryOperator<String> path) {
    Map<String, String> sets = new LinkedHashMap<>();
    utility.forEach((name, file) -> sets.put(name, path.apply(file)));
    return new EvaluationConfig(
        gates,
        retain == null ? null : path.apply(retain),
        holdout == null ? null : path.apply(holdout),
        sets,
        reference == null ? null : path.apply(reference),
        everySteps,
        keepBest,
        stopWhenGatesPass,
        relearn,
        maxNewTokens);
  }

  /** The metrics the gates and keepBest name: the ones that must be measurable. */
  public List<Metric> metricsUsed() {
    return metricsUsed(gates, keepBest);
  }

  private static List<Metric> metricsUsed(List<Gate> gates, KeepBest keepBest) {
    List<Metric> metrics = new ArrayList<>(gates.stream().map(Gate::metric).toList());
    if (keepBest != null) {
      metrics.add(keepBest.metric());
    }
    return metrics;
  }
}
