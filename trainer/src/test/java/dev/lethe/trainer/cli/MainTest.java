package dev.lethe.trainer.cli;

import static dev.lethe.trainer.data.Secrets.SECRET;
import static dev.lethe.trainer.data.Secrets.assertQuotesNothing;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.contract.ContractJson;
import dev.lethe.contract.DataConfig;
import dev.lethe.contract.DataFormat;
import dev.lethe.contract.ExitCode;
import dev.lethe.contract.Gate;
import dev.lethe.contract.LoraConfig;
import dev.lethe.contract.LoraInit;
import dev.lethe.contract.Metric;
import dev.lethe.contract.Precision;
import dev.lethe.contract.Result;
import dev.lethe.contract.Schedule;
import dev.lethe.contract.TargetModule;
import dev.lethe.contract.TrainerConfig;
import dev.lethe.contract.TrainingConfig;
import dev.lethe.contract.UnlearningMethod;
import dev.lethe.trainer.TestConfigs;
import dev.lethe.trainer.eval.Evaluation;
import dev.lethe.trainer.model.SafetensorsFile;
import dev.lethe.trainer.model.SafetensorsWriter;
import dev.lethe.trainer.model.TinyModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a person sees for each way the input can be wrong: the exit code and the message. */
class MainTest {
  @TempDir static Path dir;
  static Path model;
  static Path forget;
  static Path retain;

  @BeforeAll
  static void tinyModelAndData() throws Exception {
    model = dir.resolve("model");
    new TinyModel(16, 1, 2, 1, 32)
        .write(model, List.of("Question: where is Tarsk? Answer: in the north."), 3);
    forget =
        Files.writeString(
            dir.resolve("forget.jsonl"),
            "{\"question\": \"where is Tarsk?\", \"answer\": \"in the north.\"}\n");
    retain =
        Files.writeString(
            dir.resolve("retain.jsonl"),
            "{\"question\": \"where is Tarsk?\", \"answer\": \"in the north.\"}\n");
  }

  /** Runs the trainer standalone; returns its exit code and what it wrote as its result. */
  static Outcome unlearn(Path modelDir, Path forgetFile, String... extra) throws Exception {
    Path output = Files.createTempDirectory(dir, "out");
    List<String> args =
        new ArrayList<>(
            List.of(
                "unlearn",
                "--model",
                modelDir.toString(),
                "--forget",
                forgetFile.toString(),
                "--retain",
                retain.toString(),
                "--output",
                output.toString(),
                "--port",
                "0",
                "--epochs",
                "1",
                "--batch-size",
                "1",
                "--gradient-accumulation",
                "1"));
    args.addAll(List.of(extra));
    if (!args.contains("--method")) {
      args.addAll(List.of("--method", "SimNPO"));
    }
    int code = Main.run(args.toArray(String[]::new));
    Result result =
        ContractJson.read(Files.readString(output.resolve("result.json")), Result.class);
    System.out.printf("exit %d: %s%n", code, result.message());
    return new Outcome(code, result, output);
  }

  record Outcome(int code, Result result, Path output) {}

  @Test
  void tinyModelWritesACheckpointWhoseTokenizerKnowsTheWordsOfTheData() throws Exception {
    Path output = dir.resolve("tiny");

    int code =
        Main.run(
            new String[] {
              "tiny-model",
              "--data",
              forget.toString(),
              "--output",
              output.toString(),
              "--hidden",
              "16",
              "--layers",
              "1",
              "--heads",
              "2",
              "--kv-heads",
              "1",
              "--intermediate",
              "32"
            });

    assertThat(code).isZero();
    assertThat(Files.readString(output.resolve("tokenizer.json")))
        .contains("\"Tarsk\"", "\"Question\"", "\"north\"");
    assertThat(Files.readString(output.resolve("config.json"))).contains("\"hidden_size\" : 16");
    assertThat(output.resolve("model.safetensors")).exists();
  }

  @Test
  void tinyModelWithoutItsDataExitsElevenAndNamesTheFile() {
    Path missing = dir.resolve("nowhere.jsonl");

    int code =
        Main.run(
            new String[] {
              "tiny-model", "--data", missing.toString(), "--output", dir.resolve("t2").toString()
            });

    assertThat(code).isEqualTo(ExitCode.INVALID_DATA.code());
  }

  @Test
  void aGoodRunExitsZeroAndWritesTheAdapterReportAndResult() throws Exception {
    Outcome outcome = unlearn(model, forget);

    assertThat(outcome.code()).isZero();
    assertThat(outcome.result().exitCode()).isZero();
    assertThat(outcome.result().after())
        .containsKeys("forget.nll", "retain.nll", "forget.tokenAccuracy");
    assertThat(outcome.output().resolve("adapter/adapter_config.json")).exists();
    assertThat(outcome.output().resolve("report.json")).exists();
  }

  @Test
  void aConfigWhoseGatesFailExitsThirteenAndStillWritesTheAdapterAndReport() throws Exception {
    Path output = Files.createTempDirectory(dir, "gated");
    TrainerConfig config =
        TestConfigs.job(
            model,
            TestConfigs.qa(forget, retain),
            UnlearningMethod.NPO,
            new LoraConfig(
                4, 8, 0.0, List.of(TargetModule.Q_PROJ, TargetModule.V_PROJ), LoraInit.DEFAULT),
            new TrainingConfig(
                1, null, 1e-4, 1, 1, 64, 0.0, 0.0, 1.0, Schedule.LINEAR, 1, Precision.FP32, null),
            List.of(
                new Gate(Metric.FORGET_NLL, 100.0, null, null),
                new Gate(Metric.RETAIN_NLL, null, null, 0.5)),
            output,
            false);
    Path file = Files.writeString(dir.resolve("gated.json"), ContractJson.write(config));

    int code =
        Main.run(new String[] {"run", "--config", file.toString(), "--bind-address", "127.0.0.1"});

    Result result =
        ContractJson.read(Files.readString(output.resolve("termination-log")), Result.class);
    assertThat(code).isEqualTo(ExitCode.EVALUATION_GATES_NOT_MET.code());
    assertThat(result.message()).startsWith("evaluation gates not met: forget.nll ");
    assertThat(result.gates()).extracting(Result.GateOutcome::passed).containsExactly(false, true);
    assertThat(output.resolve("adapter/adapter_model.safetensors")).exists();
    assertThat(output.resolve("report.json")).exists();
  }

  @Test
  void unlearnTakesWhpsAndFilasFlags() throws Exception {
    Path anchors = Files.writeString(dir.resolve("anchors.json"), "{\"Tarsk\": \"the north\"}");

    Outcome outcome =
        unlearn(
            model,
            forget,
            "--method",
            "WHP",
            "--anchors",
            anchors.toString(),
            "--whp-alpha",
            "2",
            "--reinforce-epochs",
            "1",
            "--reinforce-learning-rate",
            "1e-3",
            "--init",
            "fila",
            "--rank",
            "2");

    assertThat(outcome.code()).isEqualTo(0);
    JsonNode config =
        new ObjectMapper()
            .readTree(outcome.output().resolve("report.json").toFile())
            .path("config");
    assertThat(config.at("/method/alpha").asDouble()).isEqualTo(2.0);
    assertThat(config.at("/method/reinforceEpochs").asInt()).isEqualTo(1);
    assertThat(config.at("/method/reinforceLearningRate").asDouble()).isEqualTo(1e-3);
    assertThat(config.at("/lora/init").asText()).isEqualTo("fila");
    assertThat(config.at("/data/anchors").asText()).isEqualTo(anchors.toString());
    assertThat(Files.readString(outcome.output().resolve("adapter/adapter_config.json")))
        .contains("\"r\" : 4");
  }

  @Test
  void aFilaRankAboveALayersSmallerSideIsAConfigError() throws Exception {
    TrainerConfig config =
        TestConfigs.job(
            model,
            TestConfigs.qa(forget, retain),
            UnlearningMethod.IHL,
            new LoraConfig(64, 128, 0.0, List.of(TargetModule.K_PROJ), LoraInit.FILA),
            oneStep(),
            List.of(),
            dir.resolve("fila-rank"),
            false);

    assertThat(runConfig(config)).isEqualTo(ExitCode.INVALID_CONFIG.code());
    assertThat(message(dir.resolve("fila-rank")))
        .isEqualTo(
            "InvalidConfig: lora.rank 64 is above 8, the smaller side of"
                + " model.layers.0.self_attn.k_proj: FILA starts from a rank-r decomposition of each"
                + " weight");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"Ilsa Varn\": 3} | line 1, column 15: an anchored term must be non-empty and map to a"
            + " non-empty string",
        "[\"Ilsa Varn\"] | line 1, column 1: expected a non-empty JSON object of anchored terms",
        "{\"Ilsa Varn\": | line 1, column 14: not valid JSON (it ends too early)",
      })
  void badWhpAnchorsAreADataErrorThatNamesTheFile(String anchors, String message) throws Exception {
    Path file = Files.writeString(dir.resolve("anchors-" + anchors.hashCode() + ".json"), anchors);
    DataConfig data =
        DataConfig.of(forget.toString(), DataFormat.QA, DataConfig.DEFAULT_PROMPT_TEMPLATE)
            .withAnchors(file.toString());
    Path output = dir.resolve("whp-" + anchors.hashCode());
    TrainerConfig config =
        TestConfigs.job(
            model,
            data,
            UnlearningMethod.WHP,
            new LoraConfig(4, 8, 0.0, List.of(TargetModule.Q_PROJ), LoraInit.DEFAULT),
            oneStep(),
            List.of(),
            output,
            false);

    assertThat(runConfig(config)).isEqualTo(ExitCode.INVALID_DATA.code());
    assertThat(message(output)).startsWith("InvalidData: " + file + " " + message);
  }

  private static String message(Path output) throws Exception {
    String json = Files.readString(output.resolve("termination-log"));
    return ContractJson.read(json, Result.class).message();
  }

  private static TrainingConfig oneStep() {
    return new TrainingConfig(
        1, 1, 1e-4, 1, 1, 64, 0.0, 0.0, 1.0, Schedule.LINEAR, 1, Precision.FP32, null);
  }

  static int runConfig(TrainerConfig config) throws Exception {
    Files.createDirectories(Path.of(config.output().path()));
    Path file =
        Files.writeString(dir.resolve(config.jobName() + ".json"), ContractJson.write(config));
    return Main.run(
        new String[] {"run", "--config", file.toString(), "--bind-address", "127.0.0.1"});
  }

  @Test
  void aModelDirectoryWithoutConfigIsAModelLoadError() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("no-model"));

    Outcome outcome = unlearn(empty, forget);

    assertThat(outcome.code()).isEqualTo(ExitCode.MODEL_LOAD_FAILED.code());
    assertThat(outcome.result().message())
        .startsWith("ModelLoadFailed: no config.json in model directory " + empty);
  }

  @Test
  void aMissingWeightsFileIsAModelLoadError() throws Exception {
    Path noWeights = copyModel("no-weights");
    Files.delete(noWeights.resolve("model.safetensors"));

    Outcome outcome = unlearn(noWeights, forget);

    assertThat(outcome.code()).isEqualTo(ExitCode.MODEL_LOAD_FAILED.code());
    assertThat(outcome.result().message())
        .contains("no weights in " + noWeights + ": expected model.safetensors");
  }

  @Test
  void anUnsupportedArchitectureIsAModelLoadError() throws Exception {
    Path gpt2 = copyModel("gpt2");
    Files.writeString(
        gpt2.resolve("config.json"),
        Files.readString(gpt2.resolve("config.json"))
            .replace("LlamaForCausalLM", "GPT2LMHeadModel"));

    Outcome outcome = unlearn(gpt2, forget);

    assertThat(outcome.code()).isEqualTo(ExitCode.MODEL_LOAD_FAILED.code());
    assertThat(outcome.result().message())
        .isEqualTo(
            "ModelLoadFailed: "
                + gpt2.resolve("config.json")
                + ": unsupported architecture: architectures[0] must be one of [LlamaForCausalLM,"
                + " MistralForCausalLM, Qwen2ForCausalLM]");
  }

  @Test
  void aMissingTokenizerIsAModelLoadError() throws Exception {
    Path noTokenizer = copyModel("no-tokenizer");
    Files.delete(noTokenizer.resolve("tokenizer.json"));

    Outcome outcome = unlearn(noTokenizer, forget);

    assertThat(outcome.code()).isEqualTo(ExitCode.MODEL_LOAD_FAILED.code());
    assertThat(outcome.result().message())
        .contains("no tokenizer.json in model directory " + noTokenizer);
  }

  @Test
  void aMalformedLineNamesTheFileAndTheLine() throws Exception {
    Path bad =
        Files.writeString(
            dir.resolve("bad.jsonl"),
            "{\"question\": \"q\", \"answer\": \"a\"}\n{\"question\": \"q\" \"answer\": \"a\"}\n");

    Outcome outcome = unlearn(model, bad);

    assertThat(outcome.code()).isEqualTo(ExitCode.INVALID_DATA.code());
    assertThat(outcome.result().message())
        .isEqualTo(
            "InvalidData: " + bad + " line 2, column 18: not valid JSON (an unexpected character)");
  }

  /**
   * A user may name a file she may not read as her forget set: what she can read of the job, its
   * status from the termination message, says where the file is broken and nothing of what is in
   * it.
   */
  @Test
  void aForgetSetThatIsNotJsonExitsElevenAndItsResultQuotesNothingOfIt() throws Exception {
    Path secret =
        Files.writeString(
            dir.resolve("credentials.jsonl"),
            "{\"question\": \"q\", \"answer\": \"a\"}\n{\"question\": " + SECRET + "}\n");
    Path output = dir.resolve("secret-forget-set");
    TrainerConfig config =
        TestConfigs.job(
            model,
            DataConfig.of(secret.toString(), DataFormat.QA, DataConfig.DEFAULT_PROMPT_TEMPLATE)
                .withRetain(retain.toString()),
            UnlearningMethod.SIM_NPO,
            new LoraConfig(4, 8, 0.0, List.of(TargetModule.Q_PROJ), LoraInit.DEFAULT),
            oneStep(),
            List.of(),
            output,
            false);

    assertThat(runConfig(config)).isEqualTo(ExitCode.INVALID_DATA.code());
    String terminationMessage = Files.readString(output.resolve("termination-log"));
    assertQuotesNothing(terminationMessage);
    assertThat(ContractJson.read(terminationMessage, Result.class).message())
        .isEqualTo(
            "InvalidData: "
                + secret
                + " line 2, column 31: not valid JSON (a word that is not a JSON value)");
  }

  /** The model directory is the user's storage too: its files are named, never quoted. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "config.json | {\"architectures\": [\"SECRET\"]} | : unsupported architecture:"
            + " architectures[0] must be one of",
        "config.json | {\"architectures\": SECRET} | line 1, column 37: not valid JSON (a word"
            + " that is not a JSON value)",
        "model.safetensors.index.json | {\"weight_map\": {\"SECRET\": SECRET}} | line 1, column"
            + " 56: not valid JSON (a word that is not a JSON value)",
        "model.safetensors.index.json | {\"weight_map\": {\"SECRET\": \"../SECRET\"}} | : its"
            + " weight_map lists a shard that is not a file in",
        "tokenizer.json | {\"version\": \"1.0\", \"model\": {\"type\": \"SECRET\"}} | line 1,"
            + " column",
      })
  void aModelFileThatCannotBeReadIsNamedAndNotQuoted(String file, String content, String problem)
      throws Exception {
    Path broken = copyModel("broken-" + Math.abs((file + content).hashCode()));
    if (file.startsWith("model.safetensors")) {
      Files.delete(broken.resolve("model.safetensors"));
    }
    Files.writeString(broken.resolve(file), content.replace("SECRET", SECRET));

    Outcome outcome = unlearn(broken, forget);

    assertThat(outcome.code()).isEqualTo(ExitCode.MODEL_LOAD_FAILED.code());
    assertThat(outcome.result().message())
        .startsWith(
            "ModelLoadFailed: "
                + broken.resolve(file)
                + (problem.startsWith(":") ? "" : " ")
                + problem);
    assertQuotesNothing(Files.readString(outcome.output().resolve("result.json")));
  }

  @Test
  void aLineWithoutAnAnswerNamesTheFileAndTheLine() throws Exception {
    Path bad =
        Files.writeString(
            dir.resolve("no-answer.jsonl"), "\n{\"question\": \"q\", \"response\": \"a\"}\n");

    Outcome outcome = unlearn(model, bad);

    assertThat(outcome.code()).isEqualTo(ExitCode.INVALID_DATA.code());
    assertThat(outcome.result().message())
        .isEqualTo(
            "InvalidData: " + bad + " line 2: expected a JSON object with a string \"answer\"");
  }

  @Test
  void anEmptyForgetSetIsInvalidData() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.jsonl"), "\n");

    Outcome outcome = unlearn(model, empty);

    assertThat(outcome.code()).isEqualTo(ExitCode.INVALID_DATA.code());
    assertThat(outcome.result().message()).isEqualTo("InvalidData: " + empty + " has no examples");
  }

  @Test
  void aMissingForgetFileIsInvalidData() throws Exception {
    Outcome outcome = unlearn(model, dir.resolve("nowhere.jsonl"));

    assertThat(outcome.code()).isEqualTo(ExitCode.INVALID_DATA.code());
    assertThat(outcome.result().message())
        .isEqualTo("InvalidData: " + dir.resolve("nowhere.jsonl") + " does not exist");
  }

  @Test
  void aBadFlagValueIsAnInvalidConfig() throws Exception {
    Outcome outcome = unlearn(model, forget, "--rank", "0");

    assertThat(outcome.code()).isEqualTo(ExitCode.INVALID_CONFIG.code());
    assertThat(outcome.result().message())
        .isEqualTo("InvalidConfig: lora.rank must be between 1 and 256, got 0");
  }

  @Test
  void aConfigFileWithAnUnknownKeyIsAnInvalidConfig() throws Exception {
    Path config = Files.writeString(dir.resolve("job.json"), "{\"jobName\": \"x\", \"modle\": {}}");

    int code = Main.run(new String[] {"run", "--config", config.toString()});

    assertThat(code).isEqualTo(ExitCode.INVALID_CONFIG.code());
    assertThat(Path.of(Main.DEFAULT_TERMINATION_PATH))
        .as("the result goes to the default path, which is not created outside a pod")
        .doesNotExist();
  }

  @ParameterizedTest
  @CsvSource({"--help", "--version", "help unlearn", "unlearn --help", "run --version"})
  void helpAndVersionExitZero(String args) {
    assertThat(Main.run(args.split(" "))).isZero();
  }

  @ParameterizedTest
  @CsvSource({
    "''",
    "start",
    "unlearn --model m --forget f --output o",
    "unlearn --model m --forget f --output o --method SimNPO --rnak 4",
    "unlearn --model m --forget f --output o --method SimNPO --rank four",
    "unlearn --model m --forget f --output o --method Forgetting",
    "evaluate --model m --forget f --output o.json --keep-best forget.nll:max",
    "tiny-model --data",
  })
  void aCommandLineItCannotUseIsAnInvalidConfig(String args) {
    assertThat(Main.run(args.isEmpty() ? new String[0] : args.split(" ")))
        .isEqualTo(ExitCode.INVALID_CONFIG.code());
  }

  @Test
  void evaluateWritesTheEvaluationAJobTakesAsItsReference() throws Exception {
    Path file = dir.resolve("evaluations/retain-model.json");

    int code =
        Main.run(
            new String[] {
              "evaluate",
              "--model",
              model.toString(),
              "--forget",
              forget.toString(),
              "--retain",
              retain.toString(),
              "--max-new-tokens",
              "4",
              "--output",
              file.toString()
            });

    assertThat(code).isZero();
    assertThat(Evaluation.read(file).metrics())
        .containsKeys("forget.nll", "forget.rougeL", "retain.probability", "modelUtility");
  }

  @Test
  void aModelWhoseOutputsAreNotFiniteIsRefusedBeforeTraining() throws Exception {
    Path broken = withNan("nan-head", "lm_head.weight", "0, 0");

    Outcome outcome = unlearn(broken, forget);

    assertThat(outcome.code()).isEqualTo(ExitCode.MODEL_LOAD_FAILED.code());
    assertThat(outcome.result().message())
        .isEqualTo(
            "ModelLoadFailed: the model's log-probabilities are not finite (NaN or infinite)"
                + " before any training: its weights are broken");
  }

  @Test
  void aLossThatBecomesNanStopsWithTrainingDiverged() throws Exception {
    // Only the refusal answer reaches the unknown-word token, whose embedding is NaN: the
    // evaluation is finite, the first IdkDPO step is not.
    Path broken = withNan("nan-unknown", "model.embed_tokens.weight", "0, :");
    Path refusals = Files.writeString(dir.resolve("refusals.jsonl"), "\"Zyzzyva.\"\n");

    Outcome outcome =
        unlearn(broken, forget, "--method", "IdkDPO", "--refusals", refusals.toString());

    assertThat(outcome.code()).isEqualTo(ExitCode.TRAINING_DIVERGED.code());
    assertThat(outcome.result().message())
        .startsWith("TrainingDiverged: training diverged at step 1: loss NaN");
  }

  /** A copy of the model with NaN at {@code index} of one weight. */
  static Path withNan(String name, String weight, String index) throws Exception {
    Path broken = copyModel(name);
    try (NDManager manager = NDManager.newBaseManager();
        SafetensorsFile weights = SafetensorsFile.open(model.resolve("model.safetensors"))) {
      Map<String, NDArray> tensors = new LinkedHashMap<>();
      for (String n : weights.names()) {
        tensors.put(n, weights.load(n, manager, DataType.FLOAT32));
      }
      tensors.get(weight).set(new ai.djl.ndarray.index.NDIndex(index), Float.NaN);
      SafetensorsWriter.write(broken.resolve("model.safetensors"), tensors);
    }
    return broken;
  }

  static Path copyModel(String name) throws Exception {
    Path copy = Files.createDirectories(dir.resolve(name));
    for (String file : List.of("config.json", "tokenizer.json", "model.safetensors")) {
      Files.copy(model.resolve(file), copy.resolve(file));
    }
    return copy;
  }
}
