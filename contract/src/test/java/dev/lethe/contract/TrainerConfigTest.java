package dev.lethe.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.contract.TrainerConfig.ModelConfig;
import dev.lethe.contract.TrainerConfig.OutputConfig;
import dev.lethe.contract.TrainerConfig.ReportingConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainerConfigTest {

  static TrainerConfig simNpoConfig() {
    return new TrainerConfig(
        "forget-author-17",
        new ModelConfig("/models/llama-3.2-1b"),
        new DataConfig(
            "/data/forget/forget.jsonl",
            "/data/retain/retain.jsonl",
            DataFormat.QA,
            DataConfig.DEFAULT_PROMPT_TEMPLATE,
            null,
            null),
        MethodConfig.defaults(UnlearningMethod.SIM_NPO),
        new LoraConfig(
            8, 16, 0.0, List.of(TargetModule.Q_PROJ, TargetModule.V_PROJ), LoraInit.DEFAULT),
        new TrainingConfig(
            5, null, 1e-4, 4, 8, 512, 0.2, 0.01, 1.0, Schedule.LINEAR, 42, Precision.FP32, null),
        new EvaluationConfig(
            List.of(
                new Gate(Metric.FORGET_ROUGE_L, null, 0.3, null),
                new Gate(Metric.RETAIN_ROUGE_L, null, null, 0.95)),
            "/data/eval-retain/retain_eval.jsonl",
            "/data/holdout/holdout.jsonl",
            Map.of("world-facts", "/data/utility-world-facts/world_facts.jsonl"),
            "/data/reference/retain-model.json",
            50,
            new KeepBest(Metric.FORGET_QUALITY, KeepBest.Goal.MAX),
            false,
            null,
            Limits.DEFAULT_MAX_NEW_TOKENS),
        new OutputConfig("/output/forget-author-17", false),
        new ReportingConfig(Limits.TRAINER_PORT, "/dev/termination-log"));
  }

  @Test
  void withPathsMapsEveryPathAndNothingElse() {
    TrainerConfig config = simNpoConfig();

    TrainerConfig moved = config.withPaths(p -> "/root" + p);

    assertThat(
            List.of(
                moved.model().path(),
                moved.data().forget(),
                moved.data().retain(),
                moved.evaluation().retain(),
                moved.evaluation().holdout(),
                moved.evaluation().utility().get("world-facts"),
                moved.evaluation().reference(),
                moved.output().path(),
                moved.reporting().terminationMessagePath()))
        .containsExactly(
            "/root/models/llama-3.2-1b",
            "/root/data/forget/forget.jsonl",
            "/root/data/retain/retain.jsonl",
            "/root/data/eval-retain/retain_eval.jsonl",
            "/root/data/holdout/holdout.jsonl",
            "/root/data/utility-world-facts/world_facts.jsonl",
            "/root/data/reference/retain-model.json",
            "/root/output/forget-author-17",
            "/root/dev/termination-log");
    assertThat(moved.withPaths(p -> p.substring("/root".length()))).isEqualTo(config);
  }

  @Test
  void dataWithPathsMapsEveryFileThatIsGiven() {
    DataConfig everyFile =
        new DataConfig(
            "/f.jsonl", "/r.jsonl", DataFormat.QA, "/{question}", "/i.jsonl", "/a.jsonl");

    assertThat(everyFile.withPaths(p -> "/root" + p))
        .isEqualTo(
            new DataConfig(
                "/root/f.jsonl",
                "/root/r.jsonl",
                DataFormat.QA,
                "/{question}",
                "/root/i.jsonl",
                "/root/a.jsonl"));
    assertThat(simNpoConfig().data().withPaths(p -> "/root" + p).refusals()).isNull();
  }

  @Test
  void anotherRunKeepsTheOptimisationButNotTheStepLimitOrTheCheckpoints() {
    TrainingConfig job =
        new TrainingConfig(
            5, 100, 1e-4, 4, 8, 512, 0.2, 0.01, 1.0, Schedule.COSINE, 42, Precision.FP32, 25);

    assertThat(job.anotherRun(3, 1e-3))
        .isEqualTo(
            new TrainingConfig(
                3,
                null,
                1e-3,
                4,
                8,
                512,
                0.2,
                0.01,
                1.0,
                Schedule.COSINE,
                42,
                Precision.FP32,
                null));
  }

  @Test
  void configSurvivesAJsonRoundTrip() {
    TrainerConfig config = simNpoConfig();

    String json = ContractJson.write(config);

    assertThat(ContractJson.readConfig(json)).isEqualTo(config);
    assertThat(json).contains("\"name\":\"SimNPO\"", "\"format\":\"qa\"", "\"q_proj\"");
  }

  @Test
  void methodDefaultsComeFromTheReferenceConfigurations() {
    MethodConfig simNpo = MethodConfig.defaults(UnlearningMethod.SIM_NPO);
    MethodConfig ascent = MethodConfig.defaults(UnlearningMethod.GRADIENT_ASCENT);
    MethodConfig whp = MethodConfig.defaults(UnlearningMethod.WHP);

    assertThat(simNpo.beta()).isEqualTo(4.5);
    assertThat(simNpo.delta()).isEqualTo(0.0);
    assertThat(simNpo.forgetWeight()).isEqualTo(0.125);
    assertThat(simNpo.retainWeight()).isEqualTo(1.0);
    assertThat(simNpo.retainLoss()).isEqualTo(RetainLoss.NLL);
    assertThat(ascent.beta()).isNull();
    assertThat(ascent.retainLoss()).isNull();
    assertThat(ascent.retainWeight()).isZero();
    assertThat(whp.alpha()).isEqualTo(1.0);
    assertThat(whp.retainWeight()).isZero();
    assertThat(whp.reinforceEpochs()).isEqualTo(3);
  }

  @Test
  void aParameterTheMethodDoesNotTakeIsRefused() {
    assertThatThrownBy(
            () ->
                MethodConfig.withDefaults(
                    UnlearningMethod.GRADIENT_DIFFERENCE,
                    0.1,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("method.beta does not apply to GradientDifference");
  }

  @Test
  void messagesNameTheKeyTheBadValueAndWhatIsAllowed() {
    assertThatThrownBy(
            () -> new LoraConfig(0, 16, 0, List.of(TargetModule.Q_PROJ), LoraInit.DEFAULT))
        .hasMessage("lora.rank must be between 1 and 256, got 0");
    assertThatThrownBy(
            () ->
                new TrainingConfig(
                    5,
                    null,
                    0.0,
                    4,
                    8,
                    512,
                    0.2,
                    0.01,
                    1.0,
                    Schedule.LINEAR,
                    42,
                    Precision.FP32,
                    null))
        .hasMessage("training.learningRate must be between 1.0E-10 and 1.0, got 0.0");
    assertThatThrownBy(
            () ->
                MethodConfig.withDefaults(
                    UnlearningMethod.NPO, -1.0, null, null, null, null, null, null, null))
        .hasMessage("method.beta must be greater than 0 and at most 100.0, got -1.0");
    assertThatThrownBy(() -> DataConfig.of("/f.jsonl", DataFormat.QA, "Q: {q}"))
        .hasMessage("data.promptTemplate must contain {question}, got \"Q: {q}\"");
  }

  @Test
  void aLearningRateThatUnderflowsIsRefused() {
    assertThatThrownBy(
            () ->
                new TrainingConfig(
                    5,
                    null,
                    1e-50,
                    4,
                    8,
                    512,
                    0.2,
                    0.01,
                    1.0,
                    Schedule.LINEAR,
                    42,
                    Precision.FP32,
                    null))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("training.learningRate must be between 1.0E-10 and 1.0, got 1.0E-50");
    assertThatThrownBy(
            () ->
                MethodConfig.withDefaults(
                    UnlearningMethod.WHP, null, null, null, null, null, null, null, 1e-50))
        .hasMessage("method.reinforceLearningRate must be between 1.0E-10 and 1.0, got 1.0E-50");
  }

  @Test
  void aMethodWithoutAForgetTermIsRefused() {
    assertThatThrownBy(
            () ->
                MethodConfig.withDefaults(
                    UnlearningMethod.GRADIENT_DIFFERENCE,
                    null,
                    null,
                    null,
                    0.0,
                    0.0,
                    null,
                    null,
                    null))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("method.forgetWeight must be greater than 0 and at most 1000.0, got 0.0");
    assertThatThrownBy(
            () ->
                MethodConfig.withDefaults(
                    UnlearningMethod.NPO, null, null, null, 0.0, null, null, null, null))
        .hasMessage("method.forgetWeight must be greater than 0 and at most 1000.0, got 0.0");
  }

  @Test
  void aRetainTermWithoutRetainDataIsRefused() {
    TrainerConfig config = simNpoConfig();
    DataConfig noRetain =
        DataConfig.of("/f.jsonl", DataFormat.QA, DataConfig.DEFAULT_PROMPT_TEMPLATE);

    assertThatThrownBy(
            () ->
                new TrainerConfig(
                    config.jobName(),
                    config.model(),
                    noRetain,
                    config.method(),
                    config.lora(),
                    config.training(),
                    config.evaluation(),
                    config.output(),
                    config.reporting()))
        .hasMessage(
            "data.retain is required: SimNPO trains with a retain term (method.retainWeight 1.0)");
  }

  @Test
  void filaWithoutRetainDataIsRefused() {
    TrainerConfig config = simNpoConfig();
    String json =
        ContractJson.write(config)
            .replace("\"init\":\"default\"", "\"init\":\"fila\"")
            .replace("\"retain\":\"" + config.data().retain() + "\",", "")
            .replace("\"retainWeight\":1.0", "\"retainWeight\":0.0");

    assertThatThrownBy(() -> ContractJson.readConfig(json))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "data.retain is required with lora.init fila: FILA weighs each weight's Fisher"
                + " information on the forget set against the retain set's");
  }

  @Test
  void unknownKeysAreErrorsThatNameTheirPath() {
    String json = ContractJson.write(simNpoConfig()).replace("\"rank\":8", "\"rank\":8,\"rnak\":8");

    assertThatThrownBy(() -> ContractJson.readConfig(json))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("unknown key lora.rnak (allowed here: alpha, dropout, init, rank,");
  }

  @Test
  void aMisspeltTopLevelKeyIsReportedAsUnknownNotAsAMissingOne() {
    String json = ContractJson.write(simNpoConfig()).replace("\"model\":", "\"modle\":");

    assertThatThrownBy(() -> ContractJson.readConfig(json))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith(
            "unknown key modle (allowed here: data, evaluation, jobName, lora,");
  }

  @Test
  void anUnknownKeyInsideAListNamesItsIndex() {
    String json =
        ContractJson.write(simNpoConfig())
            .replace("\"metric\":\"retain.rougeL\"", "\"metric\":\"retain.rougeL\",\"mx\":1");

    assertThatThrownBy(() -> ContractJson.readConfig(json))
        .hasMessageStartingWith(
            "unknown key evaluation.gates[1].mx (allowed here: max, metric, min, minRatio)");
  }

  @Test
  void aBadValueInsideTheDocumentIsReportedWithItsKey() {
    String json = ContractJson.write(simNpoConfig()).replace("\"rank\":8", "\"rank\":0");

    assertThatThrownBy(() -> ContractJson.readConfig(json))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("lora.rank must be between 1 and 256, got 0");
  }

  @Test
  void anUnknownEnumValueNamesItsKey() {
    String json = ContractJson.write(simNpoConfig()).replace("\"SimNPO\"", "\"SimNPOO\"");

    assertThatThrownBy(() -> ContractJson.readConfig(json))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("method.name: Cannot deserialize value of type");
  }
}
