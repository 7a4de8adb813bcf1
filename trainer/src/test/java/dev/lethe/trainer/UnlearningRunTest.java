package dev.lethe.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.lethe.contract.DataConfig;
import dev.lethe.contract.ExitCode;
import dev.lethe.contract.LoraConfig;
import dev.lethe.contract.LoraInit;
import dev.lethe.contract.MethodConfig;
import dev.lethe.contract.Precision;
import dev.lethe.contract.Result;
import dev.lethe.contract.Schedule;
import dev.lethe.contract.TargetModule;
import dev.lethe.contract.TrainerConfig;
import dev.lethe.contract.TrainingConfig;
import dev.lethe.contract.UnlearningMethod;
import dev.lethe.trainer.model.TinyModel;
import dev.lethe.trainer.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * End to end on CPU: a tiny model first memorises synthetic facts by full fine-tuning, then each
 * method unlearns a forget subset with a LoRA adapter.
 */
class UnlearningRunTest {
  @TempDir static Path dir;
  static Path target;
  static Path forget;
  static Path retain;

  @BeforeAll
  static void memoriseTheFacts() throws Exception {
    List<String[]> facts = SyntheticFacts.questionsAndAnswers();
    Path all = SyntheticFacts.write(dir.resolve("data/all.jsonl"), facts);
    forget = SyntheticFacts.write(dir.resolve("data/forget.jsonl"), facts.subList(0, 4));
    retain = SyntheticFacts.write(dir.resolve("data/retain.jsonl"), facts.subList(4, facts.size()));
    Path base = dir.resolve("base");
    new TinyModel(64, 2, 4, 2, 128).write(base, SyntheticFacts.corpus(), 1);
    target = dir.resolve("target");
    try (NDManager manager = NDManager.newBaseManager()) {
      FineTuneRun.run(
          base,
          TestConfigs.qa(all, null),
          training(60, 3e-3, 0.0, 8, 1),
          target,
          manager,
          TrainingListener.NONE);
    }
  }

  static TrainingConfig training(
      int epochs, double rate, double warmup, int batch, int accumulation) {
    return new TrainingConfig(
        epochs,
        null,
        rate,
        batch,
        accumulation,
        64,
        warmup,
        0.0,
        1.0,
        Schedule.LINEAR,
        42,
        Precision.FP32,
        null);
  }

  @ParameterizedTest
  @EnumSource(value = UnlearningMethod.class, names = "WHP", mode = EnumSource.Mode.EXCLUDE)
  void methodRaisesForgetLossAndKeepsRetainLoss(UnlearningMethod method) throws Exception {
    // Gradient ascent has nothing holding the retain set: a short run shows it forgetting first;
    // run longer and it forgets everything (TOFU's GA rows, model utility 0).
    int epochs = method == UnlearningMethod.GRADIENT_ASCENT ? 7 : 20;
    Result result = unlearn(method, LoraInit.DEFAULT, null, epochs, "out-" + method);

    assertForgetsAndKeeps(result, method.hasRetainTerm() ? 0.5 : null);
    assertThat(dir.resolve("out-" + method + "/adapter/adapter_model.safetensors")).exists();
    assertThat(Files.readString(dir.resolve("out-" + method + "/report.json")))
        .contains("\"forget.nll\"");
  }

  @Test
  void ihlWithFilaUnlearnsAndExportsARank2rAdapter() throws Exception {
    Result result = unlearn(UnlearningMethod.IHL, LoraInit.FILA, null, 20, "out-IHL-FILA");

    assertForgetsAndKeeps(result, 0.5);
    assertThat(Files.readString(dir.resolve("out-IHL-FILA/adapter/adapter_config.json")))
        .contains("\"r\" : 16")
        .contains("\"lora_alpha\" : 32");
    assertThat(Files.readString(dir.resolve("out-IHL-FILA/report.json"))).contains("\"fisher\"");
  }

  /**
   * WHP with each forget person anchored to a retain person: the generic label of a memorised
   * answer is the other person's, so the memorised continuations lose probability.
   */
  @Test
  void whpLowersTheMemorisedContinuationsAndKeepsTheRetainSet() throws Exception {
    Path anchors =
        Files.writeString(
            dir.resolve("data/anchors.json"),
            "{\"Ilsa Varn\": \"Oren Tal\", \"Tomas Quell\": \"Pia Marek\"}");

    Result result = unlearn(UnlearningMethod.WHP, LoraInit.DEFAULT, anchors, 20, "out-WHP");

    assertForgetsAndKeeps(result, 0.5);
    assertThat(Files.readString(dir.resolve("out-WHP/report.json")))
        .contains("\"reinforce\"")
        .contains("\"relabel\"");
  }

  private static Result unlearn(
      UnlearningMethod method, LoraInit init, Path anchors, int epochs, String output)
      throws Exception {
    DataConfig data = TestConfigs.qa(forget, retain);
    if (anchors != null) {
      data =
          new DataConfig(
              data.forget(),
              data.retain(),
              data.format(),
              data.promptTemplate(),
              null,
              anchors.toString());
    }
    TrainerConfig config =
        TestConfigs.job(
            target,
            data,
            method,
            new LoraConfig(8, 16, 0.0, Arrays.asList(TargetModule.values()), init),
            training(epochs, init == LoraInit.FILA ? 1e-3 : 5e-3, 0.1, 2, 1),
            List.of(),
            dir.resolve(output),
            true);
    if (method == UnlearningMethod.WHP) { // a tiny model's rate for the reinforced adapter too
      config =
          TestConfigs.withMethod(
              config,
              MethodConfig.withDefaults(method, null, null, null, null, null, null, 3, 5e-3));
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      Result result = UnlearningRun.run(config, manager, TrainingListener.NONE);
      System.out.printf("%s: before %s after %s%n", output, result.before(), result.after());
      return result;
    }
  }

  /**
   * @param retainRiseBelow the largest rise of the retain NLL; null for a method without a retain
   *     term, which must forget the forget set first
   */
  private static void assertForgetsAndKeeps(Result result, Double retainRiseBelow) {
    assertThat(result.exitCode()).isEqualTo(ExitCode.SUCCEEDED.code());
    assertThat(result.before().get("forget.nll"))
        .as("the target model memorised the facts")
        .isLessThan(0.5);
    double forgetRise = result.after().get("forget.nll") - result.before().get("forget.nll");
    double retainRise = result.after().get("retain.nll") - result.before().get("retain.nll");
    assertThat(forgetRise).isGreaterThan(1.0);
    if (retainRiseBelow != null) {
      assertThat(retainRise).isLessThan(retainRiseBelow);
    } else {
      assertThat(retainRise).as("forgets the forget set first").isLessThan(forgetRise / 2);
    }
  }
}
