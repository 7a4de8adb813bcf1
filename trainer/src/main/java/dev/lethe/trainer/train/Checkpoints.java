package dev.lethe.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lethe.contract.InvalidConfigException;
import dev.lethe.trainer.model.SafetensorsFile;
import dev.lethe.trainer.model.SafetensorsWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Checkpoints on the output volume, so that a restarted trainer (a preempted pod) continues where
 * it stopped: the trainable arrays, AdamW's moments, where in the data it was, and the config that
 * made them. Resuming with a different config is refused rather than silently mixed.
 *
 * <p>A checkpoint is written to {@code checkpoint.partial/} and then swapped in, so a crash while
 * writing leaves the previous one whole.
 */
public final class Checkpoints {
  /** Where training continues: the next optimiser step, epoch and micro-batch. */
  public record Position(long step, int epoch, int microBatch) {
    public static final Position START = new Position(0, 0, 0);
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path dir;
  private final Map<String, String> config;
  private final Integer everySteps;

  /**
   * @param config the parts of the config a checkpoint must match, as JSON, by name
   * @param everySteps save every this many steps as well as at every epoch's end; null for epochs
   *     only
   */
  public Checkpoints(Path dir, Map<String, String> config, Integer everySteps) {
    this.dir = dir;
    this.config = config;
    this.everySteps = everySteps;
  }

  /** Loads the last checkpoint into the arrays and the optimiser, if there is one. */
  public Position resume(List<NDArray> trainable, AdamW optimizer) {
    Path from = Files.isDirectory(dir) ? dir : dir.resolveSibling(dir.getFileName() + ".old");
    if (!Files.isRegularFile(from.resolve("state.json"))) {
      return Position.START;
    }
    try {
      JsonNode state = JSON.readTree(from.resolve("state.json").toFile());
      for (Map.Entry<String, String> part : config.entrySet()) {
        if (!state.path("config").path(part.getKey()).asText().equals(part.getValue())) {
          throw new InvalidConfigException(
              "the checkpoint in "
                  + from
                  + " was made with a different "
                  + part.getKey()
                  + " config; use a new output path, or delete the checkpoint to start over");
        }
      }
      try (SafetensorsFile arrays = SafetensorsFile.open(from.resolve("arrays.safetensors"));
          NDManager scratch = trainable.get(0).getManager().newSubManager()) {
        for (int i = 0; i < trainable.size(); i++) {
          copy(arrays, "p" + i, trainable.get(i), scratch);
          copy(arrays, "m" + i, optimizer.firstMoments().get(i), scratch);
          copy(arrays, "v" + i, optimizer.secondMoments().get(i), scratch);
        }
      }
      Position at =
          new Position(
              state.get("step").asLong(),
              state.get("epoch").asInt(),
              state.get("microBatch").asInt());
      optimizer.restore(at.step());
      return at;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint " + from, e);
    }
  }

  /** In place: {@code set(Buffer)} would point the array at a Java buffer instead of copying. */
  private static void copy(SafetensorsFile arrays, String name, NDArray into, NDManager scratch) {
    into.set(new NDIndex("..."), arrays.load(name, scratch, into.getDataType()));
  }

  /** Saves when the step is due or an epoch just ended. */
  public void saveIfDue(
      Position next, boolean epochEnded, List<NDArray> trainable, AdamW optimizer) {
    if (!epochEnded && (everySteps == null || next.step() % everySteps != 0)) {
      return;
    }
    Path partial = dir.resolveSibling(dir.getFileName() + ".partial");
    Path old = dir.resolveSibling(dir.getFileName() + ".old");
    try {
      delete(partial);
      Files.createDirectories(partial);
      Map<String, NDArray> arrays = new LinkedHashMap<>();
      for (int i = 0; i < trainable.size(); i++) {
        arrays.put("p" + i, trainable.get(i));
        arrays.put("m" + i, optimizer.firstMoments().get(i));
        arrays.put("v" + i, optimizer.secondMoments().get(i));
      }
      SafetensorsWriter.write(partial.resolve("arrays.safetensors"), arrays);
      ObjectNode state = JSON.createObjectNode();
      state
          .put("step", next.step())
          .put("epoch", next.epoch())
          .put("microBatch", next.microBatch());
      ObjectNode parts = state.putObject("config");
      config.forEach(parts::put);
      JSON.writerWithDefaultPrettyPrinter()
          .writeValue(partial.resolve("state.json").toFile(), state);
      delete(old);
      if (Files.exists(dir)) {
        Files.move(dir, old);
      }
      Files.move(partial, dir);
      delete(old);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + dir, e);
    }
  }

  /** Removes the checkpoint once the run's outputs are written. */
  public void clear() {
    try {
      delete(dir);
      delete(dir.resolveSibling(dir.getFileName() + ".old"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path path) throws IOException {
    if (Files.exists(path)) {
      try (Stream<Path> files = Files.walk(path)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
