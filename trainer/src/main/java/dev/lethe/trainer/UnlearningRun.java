package dev.lethe.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.lethe.contract.ContractJson;
import dev.lethe.contract.ExitCode;
import dev.lethe.contract.Gate;
import dev.lethe.contract.InvalidConfigException;
import dev.lethe.contract.LoraInit;
import dev.lethe.contract.Metric;
import dev.lethe.contract.Result;
import dev.lethe.contract.Result.GateOutcome;
import dev.lethe.contract.TrainerConfig;
import dev.lethe.contract.UnlearningMethod;
import dev.lethe.trainer.data.TextTokenizer;
import dev.lethe.trainer.data.UnlearningData;
import dev.lethe.trainer.eval.TeacherForced;
import dev.lethe.trainer.eval.TeacherForced.SplitMetrics;
import dev.lethe.trainer.lora.Lora;
import dev.lethe.trainer.lora.MergedModel;
import dev.lethe.trainer.lora.PeftAdapterWriter;
import dev.lethe.trainer.loss.Objectives;
import dev.lethe.trainer.model.LlamaCausalLm;
import dev.lethe.trainer.model.LlamaModel;
import dev.lethe.trainer.report.Report;
import dev.lethe.trainer.train.Checkpoints;
import dev.lethe.trainer.train.TrainingListener;
import dev.lethe.trainer.train.TrainingLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One unlearning job from start to end: load the model and data, put LoRA adapters on it, evaluate,
 * train with the method's loss, evaluate again, write the adapter (PEFT layout) and {@code
 * report.json}, and judge the gates. Errors are typed exceptions that {@code Main} turns into exit
 * codes.
 */
public final class UnlearningRun {
  /** Where the adapter goes inside the output directory. */
  public static final String ADAPTER_DIR = "adapter";

  /** Where the merged model goes, when asked for. */
  public static final String MERGED_DIR = "merged";

  private UnlearningRun() {}

  /** The metrics this trainer measures today; gates on others are refused before any work. */
  static final Set<Metric> MEASURED =
      EnumSet.of(
          Metric.FORGET_NLL,
          Metric.FORGET_TOKEN_ACCURACY,
          Metric.RETAIN_NLL,
          Metric.RETAIN_TOKEN_ACCURACY);

  public static Result run(TrainerConfig config, NDManager parent, TrainingListener listener)
      throws IOException {
    refuseWhatIsNotBuiltYet(config);
    long started = System.nanoTime();

    listener.stage("load");
    Path modelDir = Path.of(config.model().path());
    Path output = Path.of(config.output().path());
    Map<String, Double> seconds = new LinkedHashMap<>();
    try (LlamaModel model = LlamaModel.load(modelDir, parent, DataType.FLOAT32);
        TextTokenizer tokenizer = TextTokenizer.load(modelDir, model.config())) {
      UnlearningData data =
          UnlearningData.load(
              config.data(),
              config.method().name() == UnlearningMethod.IDK_DPO,
              tokenizer,
              config.training().maxSeqLen(),
              config.training().seed());
      List<NDArray> trainable = Lora.attach(model, config.lora(), config.training().seed());
      seconds.put("load", elapsed(started));

      listener.stage("evaluate");
      long t0 = System.nanoTime();
      Map<String, Double> before = evaluate(model, data, config.training().batchSize());
      seconds.put("evaluateBefore", elapsed(t0));

      Checkpoints checkpoints =
          new Checkpoints(
              output.resolve("checkpoint"),
              checkpointKey(config),
              config.training().checkpointEverySteps());
      listener.stage("unlearn");
      long t1 = System.nanoTime();
      long steps =
          TrainingLoop.run(
              new LlamaCausalLm(model),
              model.manager(),
              trainable,
              Objectives.forMethod(config.method()),
              data,
              config.training(),
              listener,
              checkpoints);
      seconds.put("train", elapsed(t1));

      listener.stage("evaluate");
      long t2 = System.nanoTime();
      Map<String, Double> after = evaluate(model, data, config.training().batchSize());
      seconds.put("evaluateAfter", elapsed(t2));

      listener.stage("write");
      PeftAdapterWriter.write(
          output.resolve(ADAPTER_DIR), model, config.lora(), modelDir.toString());
      if (config.output().mergedModel()) {
        MergedModel.write(output.resolve(MERGED_DIR), modelDir, model);
      }
      checkpoints.clear();
      List<GateOutcome> gates = judge(config.evaluation().gates(), before, after);
      seconds.put("total", elapsed(started));
      new Report(config, before, after, gates, steps, seconds).write(output);

      List<GateOutcome> failed = gates.stream().filter(g -> !g.passed()).toList();
      ExitCode code = failed.isEmpty() ? ExitCode.SUCCEEDED : ExitCode.EVALUATION_GATES_NOT_MET;
      String message =
          failed.isEmpty()
              ? "unlearned with " + config.method().name() + " in " + steps + " steps"
              : "evaluation gates not met: " + describe(failed);
      return new Result(
          code.code(), message, ADAPTER_DIR, before, after, gates, steps, seconds.get("total"));
    }
  }

  /**
   * Refuses, before any work and as an invalid config (exit 10), what the API accepts but this
   * trainer does not do yet: WHP and FILA (issue 7), gates on metrics it does not measure (issue
   * 6). Never silently something else.
   */
  static void refuseWhatIsNotBuiltYet(TrainerConfig config) {
    if (config.method().name() == UnlearningMethod.WHP) {
      throw new InvalidConfigException("method.name WHP is not supported by this trainer yet");
    }
    if (config.lora().init() == LoraInit.FILA) {
      throw new InvalidConfigException(
          "lora.init fila is not supported by this trainer yet; use default");
    }
    for (Gate gate : config.evaluation().gates()) {
      if (!MEASURED.contains(gate.metric())) {
        throw new InvalidConfigException(
            "evaluation.gates: "
                + gate.metric()
                + " is not measured by this trainer yet; gate on one of "
                + MEASURED.stream().map(Metric::key).toList());
      }
    }
  }

  /** What a checkpoint must have been made with to be resumed: everything that shapes training. */
  static Map<String, String> checkpointKey(TrainerConfig c) {
    Map<String, String> key = new LinkedHashMap<>();
    key.put("model", ContractJson.write(c.model()));
    key.put("data", ContractJson.write(c.data()));
    key.put("method", ContractJson.write(c.method()));
    key.put("lora", ContractJson.write(c.lora()));
    key.put("training", ContractJson.write(c.training()));
    return key;
  }

  /** NLL and token accuracy of the forget set, and of the retain set when there is one. */
  static Map<String, Double> evaluate(LlamaModel model, UnlearningData data, int batchSize) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    put(metrics, "forget", TeacherForced.evaluate(model, data.forget(), data.padId(), batchSize));
    if (!data.retain().isEmpty()) {
      put(metrics, "retain", TeacherForced.evaluate(model, data.retain(), data.padId(), batchSize));
    }
    return metrics;
  }

  private static void put(Map<String, Double> metrics, String split, SplitMetrics m) {
    metrics.put(split + ".nll", m.nll());
    metrics.put(split + ".tokenAccuracy", m.tokenAccuracy());
  }

  static List<GateOutcome> judge(
      List<Gate> gates, Map<String, Double> before, Map<String, Double> after) {
    List<GateOutcome> outcomes = new ArrayList<>();
    for (Gate gate : gates) {
      Double value = after.get(gate.metric().key());
      Double start = before.get(gate.metric().key());
      boolean passed = value != null && start != null && gate.passes(start, value);
      outcomes.add(new GateOutcome(gate, value, passed));
    }
    return outcomes;
  }

  private static String describe(List<GateOutcome> failed) {
    List<String> parts = new ArrayList<>();
    for (GateOutcome o : failed) {
      Metric metric = o.gate().metric();
      parts.add(
          metric.key()
              + " "
              + (o.value() == null ? "not measured" : String.format("%.4g", o.value())));
    }
    return String.join(", ", parts);
  }

  private static double elapsed(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
