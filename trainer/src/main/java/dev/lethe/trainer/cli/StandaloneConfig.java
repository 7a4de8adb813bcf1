package dev.lethe.trainer.cli;

import dev.lethe.contract.DataConfig;
import dev.lethe.contract.DataFormat;
import dev.lethe.contract.EvaluationConfig;
import dev.lethe.contract.InvalidConfigException;
import dev.lethe.contract.KeepBest;
import dev.lethe.contract.Limits;
import dev.lethe.contract.LoraConfig;
import dev.lethe.contract.LoraInit;
import dev.lethe.contract.MethodConfig;
import dev.lethe.contract.Metric;
import dev.lethe.contract.Precision;
import dev.lethe.contract.RetainLoss;
import dev.lethe.contract.Schedule;
import dev.lethe.contract.TargetModule;
import dev.lethe.contract.TrainerConfig;
import dev.lethe.contract.TrainingConfig;
import dev.lethe.contract.UnlearningMethod;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The trainer config a person gives with flags at a terminal, with the same defaults the API gives
 * an UnlearningJob (contract {@link Limits} and each method's defaults).
 */
final class StandaloneConfig {
  static final Set<String> DATA_FLAGS = Set.of("format", "prompt-template", "max-seq-len");
  static final Set<String> TRAINING_FLAGS =
      Set.of(
          "epochs",
          "max-steps",
          "learning-rate",
          "batch-size",
          "gradient-accumulation",
          "warmup-ratio",
          "weight-decay",
          "max-grad-norm",
          "checkpoint-every-steps",
          "schedule",
          "seed");

  /** What is measured, for {@code unlearn} and {@code evaluate}. */
  static final Set<String> MEASURE_FLAGS =
      Set.of("eval-retain", "holdout", "utility", "reference", "max-new-tokens");

  /** When it is measured and what is kept, for {@code unlearn}. */
  static final Set<String> SCHEDULE_FLAGS = Set.of("evaluate-every", "keep-best");

  static final Set<String> UNLEARN_FLAGS =
      Set.of(
          "model",
          "forget",
          "retain",
          "refusals",
          "anchors",
          "output",
          "method",
          "beta",
          "delta",
          "forget-weight",
          "retain-weight",
          "retain-loss",
          "whp-alpha",
          "reinforce-epochs",
          "reinforce-learning-rate",
          "rank",
          "alpha",
          "dropout",
          "target-modules",
          "init",
          "port",
          "merged-model",
          "bind-address");

  private StandaloneConfig() {}

  static TrainerConfig unlearn(Flags f) {
    Path output = Path.of(f.required("output"));
    UnlearningMethod method = parse(UnlearningMethod.class, "method", f.required("method"));
    int rank = f.integer("rank", Limits.DEFAULT_LORA_RANK);
    return new TrainerConfig(
        output.getFileName().toString(),
        new TrainerConfig.ModelConfig(f.required("model")),
        data(
            f,
            f.required("forget"),
            f.text("retain", null),
            f.text("refusals", null),
            f.text("anchors", null)),
        MethodConfig.withDefaults(
            method,
            f.optional("beta", Double::parseDouble),
            f.optional("delta", Double::parseDouble),
            f.optional("whp-alpha", Double::parseDouble),
            f.optional("forget-weight", Double::parseDouble),
            f.optional("retain-weight", Double::parseDouble),
            f.text("retain-loss", null) == null
                ? null
                : parse(RetainLoss.class, "retain-loss", f.text("retain-loss", null)),
            f.optional("reinforce-epochs", Integer::parseInt),
            f.optional("reinforce-learning-rate", Double::parseDouble)),
        new LoraConfig(
            rank,
            f.decimal("alpha", (double) Limits.DEFAULT_LORA_ALPHA_PER_RANK * rank),
            f.decimal("dropout", 0.0),
            targetModules(f.text("target-modules", null)),
            parse(LoraInit.class, "init", f.text("init", "default"))),
        training(f),
        evaluation(f),
        new TrainerConfig.OutputConfig(
            output.toString(), Boolean.parseBoolean(f.text("merged-model", "false"))),
        new TrainerConfig.ReportingConfig(
            f.integer("port", Limits.TRAINER_PORT), resultPath(f).toString()));
  }

  /** A person at a terminal finds the result beside the adapter. */
  static Path resultPath(Flags f) {
    return Path.of(f.required("output")).resolve("result.json");
  }

  static DataConfig data(Flags f, String forget, String retain, String refusals, String anchors) {
    return new DataConfig(
        forget,
        retain,
        parse(DataFormat.class, "format", f.text("format", "qa")),
        f.text("prompt-template", DataConfig.DEFAULT_PROMPT_TEMPLATE),
        refusals,
        anchors);
  }

  /**
   * The evaluation flags: {@code --utility name=file,name=file}, {@code --keep-best metric:max}.
   */
  static EvaluationConfig evaluation(Flags f) {
    Map<String, String> utility = new LinkedHashMap<>();
    String sets = f.text("utility", null);
    if (sets != null) {
      for (String set : sets.split(",")) {
        String[] nameAndFile = set.split("=", 2);
        if (nameAndFile.length != 2) {
          throw new InvalidConfigException(
              "--utility must be name=file[,name=file...], got '" + sets + "'");
        }
        utility.put(nameAndFile[0].trim(), nameAndFile[1].trim());
      }
    }
    String keepBest = f.text("keep-best", null);
    KeepBest best = null;
    if (keepBest != null) {
      String[] metricAndGoal = keepBest.split(":", 2);
      if (metricAndGoal.length != 2) {
        throw new InvalidConfigException(
            "--keep-best must be metric:max or metric:min, got '" + keepBest + "'");
      }
      best =
          new KeepBest(
              metric(metricAndGoal[0]), parse(KeepBest.Goal.class, "keep-best", metricAndGoal[1]));
    }
    return new EvaluationConfig(
        List.of(),
        f.text("eval-retain", null),
        f.text("holdout", null),
        utility,
        f.text("reference", null),
        f.optional("evaluate-every", Integer::parseInt),
        best,
        f.integer("max-new-tokens", Limits.DEFAULT_MAX_NEW_TOKENS));
  }

  private static Metric metric(String key) {
    for (Metric metric : Metric.values()) {
      if (metric.key().equals(key)) {
        return metric;
      }
    }
    throw new InvalidConfigException(
        "--keep-best: unknown metric '"
            + key
            + "'; one of "
            + Arrays.stream(Metric.values()).map(Metric::key).toList());
  }

  static TrainingConfig training(Flags f) {
    return new TrainingConfig(
        f.integer("epochs", Limits.DEFAULT_EPOCHS),
        f.optional("max-steps", Integer::parseInt),
        f.decimal("learning-rate", Limits.DEFAULT_LEARNING_RATE),
        f.integer("batch-size", Limits.DEFAULT_BATCH_SIZE),
        f.integer("gradient-accumulation", Limits.DEFAULT_GRADIENT_ACCUMULATION),
        f.integer("max-seq-len", Limits.DEFAULT_SEQ_LEN),
        f.decimal("warmup-ratio", Limits.DEFAULT_WARMUP_RATIO),
        f.decimal("weight-decay", Limits.DEFAULT_WEIGHT_DECAY),
        f.decimal("max-grad-norm", Limits.DEFAULT_MAX_GRAD_NORM),
        parse(Schedule.class, "schedule", f.text("schedule", "linear")),
        f.integer("seed", Limits.DEFAULT_SEED),
        Precision.FP32,
        f.optional("checkpoint-every-steps", Integer::parseInt));
  }

  private static List<TargetModule> targetModules(String names) {
    if (names == null) {
      return Arrays.asList(TargetModule.values());
    }
    return Arrays.stream(names.split(","))
        .map(n -> parse(TargetModule.class, "target-modules", n.trim()))
        .toList();
  }

  /** Accepts the API's spelling (SimNPO, qa, q_proj) in any case. */
  static <E extends Enum<E>> E parse(Class<E> type, String flag, String value) {
    String wanted = value.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    for (E e : type.getEnumConstants()) {
      String name = e.toString().replace("_", "").toLowerCase(Locale.ROOT);
      String constant = e.name().replace("_", "").toLowerCase(Locale.ROOT);
      if (name.equals(wanted) || constant.equals(wanted)) {
        return e;
      }
    }
    throw new InvalidConfigException(
        "--"
            + flag
            + " must be one of "
            + Arrays.toString(type.getEnumConstants())
            + ", got '"
            + value
            + "'");
  }
}
