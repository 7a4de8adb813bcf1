package dev.lethe.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.lethe.contract.ContractJson;
import dev.lethe.contract.EvaluationConfig;
import dev.lethe.contract.ExitCode;
import dev.lethe.contract.Result;
import dev.lethe.contract.Result.GateOutcome;
import dev.lethe.contract.TrainerConfig;
import dev.lethe.contract.TrainingConfig;
import dev.lethe.trainer.data.TextTokenizer;
import dev.lethe.trainer.data.UnlearningData;
import dev.lethe.trainer.eval.Evaluation;
import dev.lethe.trainer.eval.EvaluationSchedule;
import dev.lethe.trainer.eval.EvaluationSets;
import dev.lethe.trainer.eval.Evaluator;
import dev.lethe.trainer.eval.Gates;
import dev.lethe.trainer.eval.RelearningAttack;
import dev.lethe.trainer.lora.MergedModel;
import dev.lethe.trainer.lora.PeftAdapterWriter;
import dev.lethe.trainer.method.AdapterStart;
import dev.lethe.trainer.method.Method;
import dev.lethe.trainer.method.Methods;
import dev.lethe.trainer.method.Preparation;
import dev.lethe.trainer.model.LlamaCausalLm;
import dev.lethe.trainer.model.LlamaModel;
import dev.lethe.trainer.report.Report;
import dev.lethe.trainer.train.Checkpoints;
import dev.lethe.trainer.train.Stages;
import dev.lethe.trainer.train.TrainingListener;
import dev.lethe.trainer.train.TrainingLoop;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One unlearning job from start to end: load the model and data (with what the method reads),
 * evaluate, let the method prepare what it trains on, start the adapters, train with the method's
 * loss, evaluate again, write the adapter (PEFT layout), run the relearning attack if asked, write
 * {@code report.json}, and judge the gates. It never asks which method or start the job named.
 * Errors are typed exceptions that {@code Main} turns into exit codes.
 */
public final class UnlearningRun {
  /** Where the adapter goes inside the output directory. */
  public static final String ADAPTER_DIR = "adapter";

  /** Where the merged model goes, when asked for. */
  public static final String MERGED_DIR = "merged";

  private UnlearningRun() {}

  public static Result run(TrainerConfig config, NDManager parent, TrainingListener listener)
      throws IOException {
    Stages stages = new Stages(listener);
    stages.begin("load");
    Path modelDir = Path.of(config.model().path());
    Path output = Path.of(config.output().path());
    EvaluationConfig evaluation = config.evaluation();
    TrainingConfig training = config.training();
    Method method = Methods.of(config.method());
    try (LlamaModel model = LlamaModel.load(modelDir, parent, DataType.FLOAT32);
        TextTokenizer tokenizer = TextTokenizer.load(modelDir, model.config())) {
      UnlearningData data =
          method.withInputs(
              UnlearningData.load(config.data(), tokenizer, training.maxSeqLen(), training.seed()),
              config.data());
      EvaluationSets sets =
          EvaluationSets.load(config.data(), evaluation, tokenizer, training.maxSeqLen());
      sets.requireMeasurable(evaluation.metricsUsed());
      Evaluator evaluator =
          new Evaluator(model, tokenizer, sets, training.batchSize(), evaluation.maxNewTokens());
      stages.end("load");

      Evaluation before = stages.run("evaluate", "evaluateBefore", evaluator::evaluateUntrained);
      UnlearningData prepared =
          method.prepare(new Preparation(config, model, tokenizer, data, stages));
      List<NDArray> trainable = AdapterStart.of(config).attach(model, data, stages);

      Checkpoints checkpoints =
          new Checkpoints(
              output.resolve("checkpoint"), checkpointKey(config), training.checkpointEverySteps());
      try (EvaluationSchedule schedule =
          new EvaluationSchedule(listener, evaluator, evaluation, before, trainable)) {
        long steps =
            stages.run(
                "unlearn",
                "train",
                () ->
                    TrainingLoop.run(
                        new LlamaCausalLm(model),
                        model.manager(),
                        trainable,
                        method,
                        prepared,
                        training,
                        schedule,
                        checkpoints));
        EvaluationSchedule.Evaluated kept =
            stages.run("evaluate", "evaluateAfter", () -> schedule.finish(steps));

        stages.begin("write");
        PeftAdapterWriter.write(
            output.resolve(ADAPTER_DIR), model, config.lora(), modelDir.toString());
        if (config.output().mergedModel()) {
          MergedModel.write(output.resolve(MERGED_DIR), modelDir, model);
        }
        checkpoints.clear();
        RelearningAttack.Outcome relearned =
            evaluation.relearn() == null
                ? null
                : stages.run(
                    "relearn",
                    () ->
                        RelearningAttack.run(
                            evaluation.relearn(), training, model, trainable, data, evaluator));
        Evaluation after = kept.evaluation();
        List<GateOutcome> gates = Gates.judge(evaluation.gates(), before, after);
        Map<String, Double> seconds = stages.seconds();
        new Report(
                config,
                before,
                after,
                kept.step(),
                schedule.history().stream()
                    .map(e -> new Report.Checkpoint(e.step(), e.evaluation().metrics()))
                    .toList(),
                gates,
                steps,
                schedule.earlyStop().orElse(null),
                relearned,
                seconds)
            .write(output);

        return result(
            config, before, kept, schedule.earlyStop(), gates, steps, seconds.get("total"));
      }
    }
  }

  /**
   * The result: succeeded, or the failed gates; which step was kept when it was not the last, and
   * why training ended before its plan when it did.
   */
  private static Result result(
      TrainerConfig config,
      Evaluation before,
      EvaluationSchedule.Evaluated kept,
      Optional<EvaluationSchedule.EarlyStop> earlyStop,
      List<GateOutcome> gates,
      long steps,
      double seconds) {
    List<GateOutcome> failed = gates.stream().filter(g -> !g.passed()).toList();
    ExitCode code = failed.isEmpty() ? ExitCode.SUCCEEDED : ExitCode.EVALUATION_GATES_NOT_MET;
    String keptNote =
        kept.step() == steps
            ? ""
            : "; kept step "
                + kept.step()
                + " (best "
                + config.evaluation().keepBest().metric()
                + ")";
    String stopNote =
        earlyStop
            .map(
                stop ->
                    "; every gate passed at step "
                        + stop.step()
                        + ", so training stopped there ("
                        + stop.plannedSteps()
                        + " planned)")
            .orElse("");
    String message =
        failed.isEmpty()
            ? "unlearned with "
                + config.method().name()
                + " in "
                + steps
                + " steps"
                + stopNote
                + keptNote
            : "evaluation gates not met: " + Gates.describe(failed) + keptNote;
    return new Result(
        code.code(),
        message,
        ADAPTER_DIR,
        rounded(before.named()),
        rounded(kept.evaluation().named()),
        gates,
        steps,
        seconds);
  }

  /**
   * Six significant digits: what a status needs, and what keeps a result with every metric and gate
   * within the 4 KiB termination message. {@code report.json} keeps full precision.
   */
  static Map<String, Double> rounded(Map<String, Double> metrics) {
    Map<String, Double> rounded = new LinkedHashMap<>();
    metrics.forEach(
        (key, value) ->
            rounded.put(key, new BigDecimal(value).round(new MathContext(6)).doubleValue()));
    return rounded;
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
}
