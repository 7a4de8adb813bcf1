package dev.lethe.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import dev.lethe.contract.InvalidConfigException;
import dev.lethe.trainer.ManagedArrays;
import dev.lethe.trainer.train.Checkpoints.Position;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A trainable array with one AdamW step behind it, saved and loaded back into fresh ones. */
class CheckpointsTest extends ManagedArrays {
  static final Map<String, String> CONFIG =
      Map.of("training", "{\"lr\":1e-4}", "lora", "{\"r\":8}");

  @TempDir Path dir;
  Path checkpoint;
  NDArray weights;
  AdamW optimizer;

  @BeforeEach
  void oneStepOfTraining() {
    checkpoint = dir.resolve("checkpoint");
    weights = manager.create(new float[] {0.5f, -1, 2});
    weights.setRequiresGradient(true);
    optimizer = new AdamW(List.of(weights), 0.01, manager);
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      collector.backward(weights.mul(weights).sum());
    }
    optimizer.step(0.1, 1);
  }

  /** Fresh arrays of the same shapes, as a restarted trainer makes them. */
  record Fresh(NDArray weights, AdamW optimizer) {}

  Fresh fresh() {
    NDArray zeros = manager.zeros(weights.getShape());
    return new Fresh(zeros, new AdamW(List.of(zeros), 0.01, manager));
  }

  Position resume(Checkpoints checkpoints, Fresh into) {
    return checkpoints.resume(List.of(into.weights()), into.optimizer());
  }

  void save(Checkpoints checkpoints, Position next, boolean epochEnded) {
    checkpoints.saveIfDue(next, epochEnded, List.of(weights), optimizer);
  }

  @Test
  void aResumedRunHasTheWeightsTheMomentsAndThePositionThatWereSaved() {
    Checkpoints checkpoints = new Checkpoints(checkpoint, CONFIG, 2);
    save(checkpoints, new Position(4, 1, 6), false);
    Fresh restarted = fresh();

    Position at = resume(new Checkpoints(checkpoint, CONFIG, 2), restarted);

    assertThat(at).isEqualTo(new Position(4, 1, 6));
    assertThat(restarted.weights().toFloatArray()).isEqualTo(weights.toFloatArray());
    assertThat(restarted.optimizer().firstMoments().get(0).toFloatArray())
        .isEqualTo(optimizer.firstMoments().get(0).toFloatArray())
        .isNotEqualTo(new float[3]);
    assertThat(restarted.optimizer().secondMoments().get(0).toFloatArray())
        .isEqualTo(optimizer.secondMoments().get(0).toFloatArray());
    assertThat(restarted.optimizer().steps())
        .as("AdamW's bias correction goes on from the step")
        .isEqualTo(4);
  }

  @Test
  void withoutACheckpointARunStartsAtTheBeginning() {
    Fresh restarted = fresh();

    assertThat(resume(new Checkpoints(checkpoint, CONFIG, 2), restarted)).isEqualTo(Position.START);
    assertThat(restarted.optimizer().steps()).isZero();
  }

  @Test
  void aCheckpointIsSavedEveryNStepsAndAtTheEndOfEveryEpoch() {
    Checkpoints everyThird = new Checkpoints(checkpoint, CONFIG, 3);

    save(everyThird, new Position(2, 0, 4), false);
    assertThat(checkpoint).as("step 2 is not due").doesNotExist();
    save(everyThird, new Position(3, 0, 6), false);
    assertThat(resume(everyThird, fresh())).isEqualTo(new Position(3, 0, 6));
    save(everyThird, new Position(4, 1, 0), true);
    assertThat(resume(everyThird, fresh())).isEqualTo(new Position(4, 1, 0));

    Checkpoints epochsOnly = new Checkpoints(checkpoint, CONFIG, null);
    save(epochsOnly, new Position(6, 1, 4), false);
    assertThat(resume(epochsOnly, fresh())).isEqualTo(new Position(4, 1, 0));
  }

  @Test
  void aCheckpointOfAnotherConfigIsRefusedAndLoadsNothing() {
    save(new Checkpoints(checkpoint, CONFIG, 1), new Position(1, 0, 1), false);
    Fresh restarted = fresh();

    InvalidConfigException e =
        catchThrowableOfType(
            InvalidConfigException.class,
            () ->
                resume(
                    new Checkpoints(
                        checkpoint, Map.of("training", "{\"lr\":1e-4}", "lora", "{\"r\":16}"), 1),
                    restarted));

    assertThat(e)
        .hasMessage(
            "the checkpoint in "
                + checkpoint
                + " was made with a different lora config; use a new output path, or delete the"
                + " checkpoint to start over");
    assertThat(restarted.weights().toFloatArray()).isEqualTo(new float[3]);
  }

  /** A part the checkpoint does not have is a different config; one it has beyond them is not. */
  @Test
  void onlyThePartsTheRunNamesAreCompared() {
    save(new Checkpoints(checkpoint, CONFIG, 1), new Position(1, 0, 1), false);

    assertThat(
            catchThrowableOfType(
                InvalidConfigException.class,
                () ->
                    resume(
                        new Checkpoints(checkpoint, Map.of("method", "{\"name\":\"npo\"}"), 1),
                        fresh())))
        .hasMessageContaining("a different method config");
    assertThat(resume(new Checkpoints(checkpoint, Map.of("lora", "{\"r\":8}"), 1), fresh()).step())
        .isEqualTo(1);
  }

  /**
   * A crash between moving the last checkpoint aside and moving the new one in leaves the last one
   * as {@code checkpoint.old} and a partial new one: the run resumes from the last whole one.
   */
  @Test
  void aCrashWhileSavingLeavesThePreviousCheckpointToResumeFrom() throws Exception {
    Checkpoints checkpoints = new Checkpoints(checkpoint, CONFIG, 1);
    save(checkpoints, new Position(1, 0, 1), false);
    Files.move(checkpoint, dir.resolve("checkpoint.old"));
    Files.createDirectories(dir.resolve("checkpoint.partial"));
    Files.writeString(dir.resolve("checkpoint.partial/state.json"), "{\"step\": 2, \"epo");

    assertThat(resume(checkpoints, fresh())).isEqualTo(new Position(1, 0, 1));

    save(checkpoints, new Position(2, 0, 2), false);
    assertThat(resume(checkpoints, fresh())).isEqualTo(new Position(2, 0, 2));
    assertThat(dir.resolve("checkpoint.old")).doesNotExist();
    assertThat(dir.resolve("checkpoint.partial")).doesNotExist();
  }

  @Test
  void clearingRemovesTheCheckpointAndThePreviousOne() throws Exception {
    Checkpoints checkpoints = new Checkpoints(checkpoint, CONFIG, 1);
    save(checkpoints, new Position(1, 0, 1), false);
    Files.createDirectories(dir.resolve("checkpoint.old"));

    checkpoints.clear();

    assertThat(checkpoint).doesNotExist();
    assertThat(dir.resolve("checkpoint.old")).doesNotExist();
    assertThat(resume(checkpoints, fresh())).isEqualTo(Position.START);
  }
}
