package dev.lethe.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.lethe.contract.ExitCode;
import dev.lethe.contract.LoraConfig;
import dev.lethe.contract.LoraInit;
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
    Path output = dir.resolve("out-" + method);
    TrainerConfig config =
        TestConfigs.job(
            target,
            TestConfigs.qa(forget, retain),
            method,
            new LoraConfig(8, 16, 0.0, Arrays.asList(TargetModule.values()), LoraInit.DEFAULT),
            // Gradient ascent has nothing holding the retain set: a short run shows it forgetting
            // first; run longer and it forgets everything (TOFU's GA rows, model utility 0).
            training(method == UnlearningMethod.GRADIENT_ASCENT ? 7 : 20, 5e-3, 0.1, 2, 1),
            List.of(),
            output,
            true);

    Result result;
    try (NDManager manager = NDManager.newBaseManager()) {
      result = UnlearningRun.run(config, manager, TrainingListener.NONE);
    }

    System.out.printf("%s: before %s after %s%n", method, result.before(), result.after());
    assertThat(result.exitCode()).isEqualTo(ExitCode.SUCCEEDED.code());
    assertThat(result.before().get("forget.nll"))
        .as("the target model memorised the facts")
        .isLessThan(0.5);
    double forgetRise = result.after().get("forget.nll") - result.before().get("forget.nll");
    double retainRise = result.after().get("retain.nll") - result.before().get("retain.nll");
    assertThat(forgetRise).isGreaterThan(1.0);
    if (method.hasRetainTerm()) {
      assertThat(retainRise).isLessThan(0.5);
    } else {
      assertThat(retainRise).as("forgets the forget set first").isLessThan(forgetRise / 2);
    }
    assertThat(output.resolve("adapter/adapter_model.safetensors")).exists();
    assertThat(Files.readString(output.resolve("report.json"))).contains("\"forget.nll\"");
  }
}
