package dev.lethe.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.lethe.contract.InvalidConfigException;
import dev.lethe.contract.LoraConfig;
import dev.lethe.contract.LoraInit;
import dev.lethe.contract.Precision;
import dev.lethe.contract.Schedule;
import dev.lethe.contract.TargetModule;
import dev.lethe.contract.TrainerConfig;
import dev.lethe.contract.TrainingConfig;
import dev.lethe.contract.UnlearningMethod;
import dev.lethe.trainer.lora.PeftAdapterWriter;
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
import org.junit.jupiter.params.provider.CsvSource;

/** A trainer that stops mid-run (a preempted pod) continues from its checkpoint. */
class CheckpointResumeTest {
  @TempDir static Path dir;
  static Path model;
  static Path forget;
  static Path retain;

  @BeforeAll
  static void tinyModelAndData() throws Exception {
    List<String[]> facts = SyntheticFacts.questionsAndAnswers();
    forget = SyntheticFacts.write(dir.resolve("forget.jsonl"), facts.subList(0, 6));
    retain = SyntheticFacts.write(dir.resolve("retain.jsonl"), facts.subList(6, facts.size()));
    model = dir.resolve("model");
    new TinyModel(32, 1, 2, 1, 64).write(model, SyntheticFacts.corpus(), 4);
  }

  static TrainerConfig config(Path output, double learningRate) {
    return config(output, learningRate, UnlearningMethod.NPO, LoraInit.DEFAULT);
  }

  static TrainerConfig config(
      Path output, double learningRate, UnlearningMethod method, LoraInit init) {
    return TestConfigs.job(
        model,
        TestConfigs.qa(forget, retain),
        method,
        new LoraConfig(4, 8, 0.0, Arrays.asList(TargetModule.values()), init),
        new TrainingConfig(
            3, null, learningRate, 2, 1, 64, 0.2, 0.01, 1.0, Schedule.LINEAR, 7, Precision.FP32, 2),
        List.of(),
        output,
        false);
  }

  /**
   * Stops the run, as a preemption would, once {@code afterStep} steps of unlearning are done (WHP
   * trains its reinforced adapter first).
   */
  static TrainingListener stopAfter(long afterStep) {
    return TrainingListener.unlearningSteps(
        s -> {
          if (s.step() == afterStep) {
            throw new IllegalStateException("preempted");
          }
        });
  }

  /**
   * FILA measures its start again and WHP makes its labels again before the checkpoint is loaded:
   * both are deterministic, so the resumed run still matches.
   */
  @ParameterizedTest
  @CsvSource({"NPO, DEFAULT", "IHL, FILA", "WHP, DEFAULT"})
  void aResumedRunEndsWithTheSameAdapterAsAnUninterruptedOne(UnlearningMethod method, LoraInit init)
      throws Exception {
    Path straight = dir.resolve("straight-" + method);
    Path interrupted = dir.resolve("interrupted-" + method);
    try (NDManager manager = NDManager.newBaseManager()) {
      UnlearningRun.run(config(straight, 1e-3, method, init), manager, TrainingListener.NONE);
      assertThatThrownBy(
              () ->
                  UnlearningRun.run(config(interrupted, 1e-3, method, init), manager, stopAfter(5)))
          .hasMessage("preempted");
      assertThat(interrupted.resolve("checkpoint/state.json")).exists();
      assertThat(Files.readString(interrupted.resolve("checkpoint/state.json")))
          .contains("\"step\" : 4");

      UnlearningRun.run(config(interrupted, 1e-3, method, init), manager, TrainingListener.NONE);
    }

    assertThat(Files.readAllBytes(interrupted.resolve("adapter/" + PeftAdapterWriter.WEIGHTS_FILE)))
        .isEqualTo(
            Files.readAllBytes(straight.resolve("adapter/" + PeftAdapterWriter.WEIGHTS_FILE)));
    assertThat(interrupted.resolve("checkpoint"))
        .as("cleared once the adapter is written")
        .doesNotExist();
  }

  @Test
  void aCheckpointFromAnotherConfigIsRefused() throws Exception {
    Path output = dir.resolve("changed");
    try (NDManager manager = NDManager.newBaseManager()) {
      assertThatThrownBy(() -> UnlearningRun.run(config(output, 1e-3), manager, stopAfter(3)))
          .hasMessage("preempted");

      assertThatThrownBy(
              () -> UnlearningRun.run(config(output, 5e-4), manager, TrainingListener.NONE))
          .isInstanceOf(InvalidConfigException.class)
          .hasMessage(
              "the checkpoint in "
                  + output.resolve("checkpoint")
                  + " was made with a different training config; use a new output path, or delete the checkpoint to start over");
    }
  }
}
