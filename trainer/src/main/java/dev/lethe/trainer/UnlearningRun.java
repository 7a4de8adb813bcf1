package dev.lethe.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.lethe.contract.ContractJson;
import dev.lethe.contract.EvaluationConfig;
import dev.lethe.contract.ExitCode;
import dev.lethe.contract.LoraInit;
import dev.lethe.contract.Result;
import dev.lethe.contract.Result.GateOutcome;
import dev.lethe.contract.TrainerConfig;
import dev.lethe.contract.UnlearningMethod;
import dev.lethe.trainer.data.TextTokenizer;
import dev.lethe.trainer.data.UnlearningData;
import dev.lethe.trainer.eval.Evaluation;
import dev.lethe.trainer.eval.EvaluationSchedule;
import dev.lethe.trainer.eval.EvaluationSets;
import dev.lethe.trainer.eval.Evaluator;
import dev.lethe.trainer.eval.Gates;
import dev.lethe.trainer.fila.Fila;
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
import dev.lethe.trainer.whp.WhoIsHarryPotter;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  public static Result run(TrainerConfig config, NDManager parent, TrainingListener listener)
      throws IOException {
    long started = System.nanoTime();

    listener.stage("load");
    Path modelDir = Path.of(config.model().path());
    Path output = Path.of(config.output().path());
    EvaluationConfig evaluation = config.evaluation();
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
      EvaluationSets sets =
          EvaluationSets.load(config.data(), evaluation, tokenizer, config.training().maxSeqLen());
      sets.requireMeasurable(evaluation.metricsUsed());
      Evaluator evaluator =
          new Evaluator(
              model, tokenizer, sets, config.training().batchSize(), evaluation.maxNewTokens());
      seconds.put("load", elapsed(started));

      listener.stage("evaluate");
      long t0 = System.nanoTime();
      Evaluation before = evaluator.evaluateUntrained();
      seconds.put("evaluateBefore", elapsed(t0));

      UnlearningData training =
          config.method().name() == UnlearningMethod.WHP
              ? genericLabels(config, model, tokenizer, data, listener, seconds)
              : data;
      // FILA measures what the forget set's own tokens need, WHP's original labels included.
      List<NDArray> trainable = attachAdapters(config, model, data, listener, seconds);

      Checkpoints checkpoints =
          new Checkpoints(
              output.resolve("checkpoint"),
              checkpointKey(config),
              config.training().checkpointEverySteps());
      try (EvaluationSchedule schedule =
          new EvaluationSchedule(
              listener,
              evaluator,
              evaluation.everySteps(),
              evaluation.keepBest(),
              evaluation.gates(),
              before,
              trainable)) {
        listener.stage("unlearn");
        long t1 = System.nanoTime();
        long steps =
            TrainingLoop.run(
                new LlamaCausalLm(model),
                model.manager(),
                trainable,
                Objectives.forMethod(config.method()),
                training,
                config.training(),
                schedule,
                checkpoints);
        seconds.put("train", elapsed(t1));

        listener.stage("evaluate");
        long t2 = System.nanoTime();
        EvaluationSchedule.Evaluated kept = schedule.finish(steps);
        seconds.put("evaluateAfter", elapsed(t2));

        listener.stage("write");
        PeftAdapterWriter.write(
            output.resolve(ADAPTER_DIR), model, config.lora(), modelDir.toString());
        if (config.output().mergedModel()) {
          MergedModel.write(output.resolve(MERGED_DIR), modelDir, model);
        }
        checkpoints.clear();
        Evaluation after = kept.evaluation();
        List<GateOutcome> gates = Gates.judge(evaluation.gates(), before, after);
        seconds.put("total", elapsed(started));
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
                seconds)
            .write(output);

        return result(config, before, kept, gates, steps, seconds.get("total"));
      }
    }
  }

  /**
   * WHP's first two stages, {@code reinforce} and {@code relabel}: the data with generic labels on
   * the forget set.
   */
  private static UnlearningData genericLabels(
      TrainerConfig config,
      LlamaModel model,
      TextTokenizer tokenizer,
      UnlearningData data,
      TrainingListener listener,
      Map<String, Double> seconds) {
    WhoIsHarryPotter whp = WhoIsHarryPotter.prepare(config, data, tokenizer);
    listener.stage("reinforce");
    long t0 = System.nanoTime();
    whp.reinforce(model, data, listener);
    seconds.put("reinforce", elapsed(t0));
    listener.stage("relabel");
    long t1 = System.nanoTime();
    UnlearningData labelled = whp.relabel(model, data, tokenizer.padId());
    seconds.put("relabel", elapsed(t1));
    return labelled;
  }

  /**
   * The adapters to train, on every target: started by FILA from the job's own forget and retain
   * data (stage {@code fisher}), or as PEFT starts them.
   */
  private static List<NDArray> attachAdapters(
      TrainerConfig config,
      LlamaModel model,
      UnlearningData data,
      TrainingListener listener,
      Map<String, Double> seconds) {
    long seed = config.training().seed();
    if (config.lora().init() != LoraInit.FILA) {
      return Lora.attach(model, config.lora(), seed);
    }
    listener.stage("fisher");
    long t0 = System.nanoTime();
    List<NDArray> trainable =
        Fila.attach(model, config.lora(), data, config.training().batchSize(), seed);
    seconds.put("fisher", elapsed(t0));
    return trainable;
  }

  /** The result: succeeded, or the failed gates; which step was kept when it was not the last. */
  private static Result result(
      TrainerConfig config,
      Evaluation before,
      EvaluationSchedule.Evaluated kept,
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
    String message =
        failed.isEmpty()
            ? "unlearned with " + config.method().name() + " in " + steps + " steps" + keptNote
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

  private static double elapsed(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
