package dev.lethe.contract;

import static dev.lethe.contract.ConfigChecks.required;

import java.util.function.UnaryOperator;

/**
 * What the operator writes to {@code /etc/lethe/job.json} and the trainer reads: a fully resolved
 * job, with every default applied and every input a path inside the trainer's file system.
 *
 * <p>The constructors check the contract and throw {@link InvalidConfigException} with a message
 * that names the key path; {@link ContractJson} refuses unknown keys.
 */
public record TrainerConfig(
    String jobName,
    ModelConfig model,
    DataConfig data,
    MethodConfig method,
    LoraConfig lora,
    TrainingConfig training,
    EvaluationConfig evaluation,
    OutputConfig output,
    ReportingConfig reporting) {

  public TrainerConfig {
    ConfigChecks.requiredText("jobName", jobName);
    required("model", model);
    required("data", data);
    required("method", method);
    required("lora", lora);
    required("training", training);
    required("evaluation", evaluation);
    required("output", output);
    required("reporting", reporting);
    if (method.name().hasRetainTerm() && method.retainWeight() > 0 && data.retain() == null) {
      throw new InvalidConfigException(
          "data.retain is required: "
              + method.name()
              + " trains with a retain term (method.retainWeight "
              + method.retainWeight()
              + ")");
    }
    if (lora.init() == LoraInit.FILA && data.retain() == null) {
      throw new InvalidConfigException(
          "data.retain is required with lora.init fila: FILA weighs each weight's Fisher"
              + " information on the forget set against the retain set's");
    }
    if (data.refusals() != null && method.name() != UnlearningMethod.IDK_DPO) {
      throw new InvalidConfigException(
          "data.refusals applies only to IdkDPO, not " + method.name());
    }
    if (data.anchors() != null && method.name() != UnlearningMethod.WHP) {
      throw new InvalidConfigException("data.anchors applies only to WHP, not " + method.name());
    }
  }

  /**
   * The same job with every file-system path passed through {@code path}: the model, each data and
   * evaluation file, the output directory and the termination-message file. Every path field of the
   * contract is mapped here, and only those.
   */
  public TrainerConfig withPaths(UnaryOperator<String> path) {
    return new TrainerConfig(
        jobName,
        new ModelConfig(path.apply(model.path())),
        data.withPaths(path),
        method,
        lora,
        training,
        evaluation.withPaths(path),
        new OutputConfig(path.apply(output.path()), output.mergedModel()),
        new ReportingConfig(reporting.port(), path.apply(reporting.terminationMessagePath())));
  }

  /** The model directory in Hugging Face layout (config.json, *.safetensors, tokenizer.json). */
  public record ModelConfig(String path) {
    public ModelConfig {
      ConfigChecks.requiredText("model.path", path);
    }
  }

  /**
   * Where the adapter, report and checkpoints go; {@code mergedModel} also writes the base model
   * with the adapter merged in, in Hugging Face layout.
   */
  public record OutputConfig(String path, boolean mergedModel) {
    public OutputConfig {
      ConfigChecks.requiredText("output.path", path);
    }
  }

  /** Where the trainer reports while it runs and when it ends. */
  public record ReportingConfig(int port, String terminationMessagePath) {
    public ReportingConfig {
      ConfigChecks.between("reporting.port", port, 0, 65535);
      ConfigChecks.requiredText("reporting.terminationMessagePath", terminationMessagePath);
    }
  }
}
