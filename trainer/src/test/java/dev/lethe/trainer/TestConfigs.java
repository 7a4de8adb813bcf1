package dev.lethe.trainer;

import dev.lethe.contract.DataConfig;
import dev.lethe.contract.DataFormat;
import dev.lethe.contract.EvaluationConfig;
import dev.lethe.contract.Gate;
import dev.lethe.contract.LoraConfig;
import dev.lethe.contract.MethodConfig;
import dev.lethe.contract.TrainerConfig;
import dev.lethe.contract.TrainingConfig;
import dev.lethe.contract.UnlearningMethod;
import java.nio.file.Path;
import java.util.List;

/** Trainer configs for tests: QA data, a method with its defaults, the result beside the output. */
public final class TestConfigs {
  /** The synthetic facts' answers are under 10 tokens. */
  public static final int MAX_NEW_TOKENS = 12;

  private TestConfigs() {}

  public static DataConfig qa(Path forget, Path retain) {
    return new DataConfig(
        forget.toString(),
        retain == null ? null : retain.toString(),
        DataFormat.QA,
        DataConfig.DEFAULT_PROMPT_TEMPLATE,
        null,
        null);
  }

  /** Gates, and greedy generation short enough for tiny models' short answers. */
  public static EvaluationConfig evaluation(List<Gate> gates) {
    return EvaluationConfig.builder().gates(gates).maxNewTokens(MAX_NEW_TOKENS).build();
  }

  /** A job whose termination message goes to {@code output/termination-log}. */
  public static TrainerConfig job(
      Path model,
      DataConfig data,
      UnlearningMethod method,
      LoraConfig lora,
      TrainingConfig training,
      List<Gate> gates,
      Path output,
      boolean mergedModel) {
    return new TrainerConfig(
        output.getFileName().toString(),
        new TrainerConfig.ModelConfig(model.toString()),
        data,
        MethodConfig.defaults(method),
        lora,
        training,
        evaluation(gates),
        new TrainerConfig.OutputConfig(output.toString(), mergedModel),
        new TrainerConfig.ReportingConfig(
            0, output.resolve("termination-log").toString())); // port 0: any free port
  }

  /** The same job with another method's settings. */
  public static TrainerConfig withMethod(TrainerConfig c, MethodConfig method) {
    return new TrainerConfig(
        c.jobName(),
        c.model(),
        c.data(),
        method,
        c.lora(),
        c.training(),
        c.evaluation(),
        c.output(),
        c.reporting());
  }
}
