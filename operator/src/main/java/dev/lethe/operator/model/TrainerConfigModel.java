package dev.lethe.operator.model;

import static java.util.Objects.requireNonNullElse;

import dev.lethe.api.v1alpha1.DataSource;
import dev.lethe.api.v1alpha1.DataSpec;
import dev.lethe.api.v1alpha1.EvaluationSpec;
import dev.lethe.api.v1alpha1.GateSpec;
import dev.lethe.api.v1alpha1.LoraSpec;
import dev.lethe.api.v1alpha1.MethodSpec;
import dev.lethe.api.v1alpha1.RelearnSpec;
import dev.lethe.api.v1alpha1.TrainingSpec;
import dev.lethe.api.v1alpha1.UnlearningJob;
import dev.lethe.api.v1alpha1.UnlearningJobSpec;
import dev.lethe.contract.DataConfig;
import dev.lethe.contract.DataFormat;
import dev.lethe.contract.EvaluationConfig;
import dev.lethe.contract.Gate;
import dev.lethe.contract.KeepBest;
import dev.lethe.contract.Limits;
import dev.lethe.contract.LoraConfig;
import dev.lethe.contract.LoraInit;
import dev.lethe.contract.MethodConfig;
import dev.lethe.contract.Precision;
import dev.lethe.contract.Relearn;
import dev.lethe.contract.Schedule;
import dev.lethe.contract.TargetModule;
import dev.lethe.contract.TrainerConfig;
import dev.lethe.contract.TrainingConfig;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trainer config an UnlearningJob asks for: every default resolved (the API server fills the
 * CRD's defaults; method-dependent ones and anything left null are resolved here), every input a
 * path from {@link PodPaths}. Pure: no client, no cluster.
 */
public final class TrainerConfigModel {
  private TrainerConfigModel() {}

  public static TrainerConfig desired(UnlearningJob job) {
    UnlearningJobSpec spec = job.getSpec();
    MethodSpec m = spec.method();
    TrainingConfig training = training(spec.training());
    return new TrainerConfig(
        job.getMetadata().getNamespace() + "/" + job.getMetadata().getName(),
        new TrainerConfig.ModelConfig(PodPaths.MODEL),
        data(spec.data()),
        MethodConfig.withDefaults(
            m.name(),
            m.beta(),
            m.delta(),
            m.alpha(),
            m.forgetWeight(),
            m.retainWeight(),
            m.retainLoss(),
            m.reinforceEpochs(),
            m.reinforceLearningRate()),
        lora(spec.lora()),
        training,
        evaluation(spec.evaluation(), training),
        new TrainerConfig.OutputConfig(
            PodPaths.OUTPUT, spec.output().mergedModel() != null && spec.output().mergedModel()),
        new TrainerConfig.ReportingConfig(Limits.TRAINER_PORT, PodPaths.TERMINATION_MESSAGE));
  }

  private static DataConfig data(DataSpec d) {
    return new DataConfig(
        PodPaths.data(PodPaths.FORGET, d.forget()),
        d.retain() == null ? null : PodPaths.data(PodPaths.RETAIN, d.retain()),
        requireNonNullElse(d.format(), DataFormat.QA),
        requireNonNullElse(d.promptTemplate(), DataConfig.DEFAULT_PROMPT_TEMPLATE),
        d.refusals() == null ? null : PodPaths.data(PodPaths.REFUSALS, d.refusals()),
        d.anchors() == null ? null : PodPaths.data(PodPaths.ANCHORS, d.anchors()));
  }

  private static LoraConfig lora(LoraSpec l) {
    LoraSpec lora = l != null ? l : LoraSpec.NONE;
    int rank = requireNonNullElse(lora.rank(), Limits.DEFAULT_LORA_RANK);
    List<TargetModule> modules =
        requireNonNullElse(lora.targetModules(), Arrays.asList(TargetModule.values()));
    return new LoraConfig(
        rank,
        requireNonNullElse(lora.alpha(), (double) Limits.DEFAULT_LORA_ALPHA_PER_RANK * rank),
        requireNonNullElse(lora.dropout(), 0.0),
        modules,
        requireNonNullElse(lora.init(), LoraInit.DEFAULT));
  }

  private static TrainingConfig training(TrainingSpec t) {
    TrainingSpec s = t != null ? t : TrainingSpec.NONE;
    return new TrainingConfig(
        requireNonNullElse(s.epochs(), Limits.DEFAULT_EPOCHS),
        s.maxSteps(),
        requireNonNullElse(s.learningRate(), Limits.DEFAULT_LEARNING_RATE),
        requireNonNullElse(s.batchSize(), Limits.DEFAULT_BATCH_SIZE),
        requireNonNullElse(s.gradientAccumulation(), Limits.DEFAULT_GRADIENT_ACCUMULATION),
        requireNonNullElse(s.maxSeqLen(), Limits.DEFAULT_SEQ_LEN),
        requireNonNullElse(s.warmupRatio(), Limits.DEFAULT_WARMUP_RATIO),
        requireNonNullElse(s.weightDecay(), Limits.DEFAULT_WEIGHT_DECAY),
        requireNonNullElse(s.maxGradNorm(), Limits.DEFAULT_MAX_GRAD_NORM),
        requireNonNullElse(s.schedule(), Schedule.LINEAR),
        requireNonNullElse(s.seed(), (long) Limits.DEFAULT_SEED),
        requireNonNullElse(s.precision(), Precision.FP32),
        s.checkpointEverySteps());
  }

  private static EvaluationConfig evaluation(EvaluationSpec spec, TrainingConfig training) {
    EvaluationSpec e = spec != null ? spec : EvaluationSpec.NONE;
    List<GateSpec> gates = e.gatesOrNone();
    Map<String, String> utility = new LinkedHashMap<>();
    requireNonNullElse(e.utility(), Map.<String, DataSource>of())
        .forEach(
            (name, source) -> utility.put(name, PodPaths.data(PodPaths.utility(name), source)));
    return EvaluationConfig.builder()
        .gates(
            gates.stream().map(g -> new Gate(g.metric(), g.min(), g.max(), g.minRatio())).toList())
        .retain(path(PodPaths.EVALUATION_RETAIN, e.retain()))
        .holdout(path(PodPaths.HOLDOUT, e.holdout()))
        .utility(utility)
        .reference(path(PodPaths.REFERENCE, e.reference()))
        .everySteps(e.everySteps())
        .keepBest(
            e.keepBest() == null ? null : new KeepBest(e.keepBest().metric(), e.keepBest().goal()))
        .stopWhenGatesPass(Boolean.TRUE.equals(e.stopWhenGatesPass()))
        .relearn(relearn(e.relearn(), training))
        .maxNewTokens(requireNonNullElse(e.maxNewTokens(), Limits.DEFAULT_MAX_NEW_TOKENS))
        .build();
  }

  /** The attack with its defaults: the job's own learning rate unless it names another. */
  private static Relearn relearn(RelearnSpec r, TrainingConfig training) {
    return r == null
        ? null
        : new Relearn(
            requireNonNullElse(r.steps(), Relearn.DEFAULT_STEPS),
            requireNonNullElse(r.examples(), Relearn.DEFAULT_EXAMPLES),
            requireNonNullElse(r.learningRate(), training.learningRate()));
  }

  private static String path(String role, DataSource source) {
    return source == null ? null : PodPaths.data(role, source);
  }
}
