package dev.lethe.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.trainer.files.ReadErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The weights of a Hugging Face model directory: {@code model.safetensors}, or shards listed in
 * {@code model.safetensors.index.json}.
 */
public final class Checkpoint implements AutoCloseable {
  private final Path dir;
  private final Map<String, SafetensorsFile> fileByTensor;
  private final Map<Path, SafetensorsFile> files;

  private Checkpoint(
      Path dir, Map<String, SafetensorsFile> fileByTensor, Map<Path, SafetensorsFile> files) {
    this.dir = dir;
    this.fileByTensor = fileByTensor;
    this.files = files;
  }

  public static Checkpoint open(Path dir) {
    Path single = dir.resolve("model.safetensors");
    Path index = dir.resolve("model.safetensors.index.json");
    Map<String, SafetensorsFile> byTensor = new HashMap<>();
    Map<Path, SafetensorsFile> files = new HashMap<>();
    try {
      if (Files.isRegularFile(single)) {
        SafetensorsFile file = SafetensorsFile.open(single);
        files.put(single, file);
        file.names().forEach(name -> byTensor.put(name, file));
      } else if (Files.isRegularFile(index)) {
        JsonNode weightMap = readIndex(index).path("weight_map");
        for (Iterator<Map.Entry<String, JsonNode>> it = weightMap.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> entry = it.next();
          // Not named in the message: a name from the file is the file's content.
          Path shard = dir.resolve(entry.getValue().asText()).normalize();
          if (!shard.startsWith(dir.normalize()) || !Files.isRegularFile(shard)) {
            throw new ModelLoadException(
                index + ": its weight_map lists a shard that is not a file in " + dir);
          }
          byTensor.put(entry.getKey(), files.computeIfAbsent(shard, SafetensorsFile::open));
        }
      } else {
        throw new ModelLoadException(
            "no weights in "
                + dir
                + ": expected model.safetensors, or model.safetensors.index.json with its shards");
      }
    } catch (RuntimeException e) {
      files.values().forEach(SafetensorsFile::close);
      throw e;
    }
    return new Checkpoint(dir, byTensor, files);
  }

  private static JsonNode readIndex(Path index) {
    try {
      return new ObjectMapper().readTree(Files.newInputStream(index));
    } catch (IOException e) {
      throw new ModelLoadException(ReadErrors.describe(index, e));
    }
  }

  public boolean contains(String name) {
    return fileByTensor.containsKey(name);
  }

  /** Reads a tensor, converted to {@code type}; a missing one is a {@link ModelLoadException}. */
  public NDArray load(String name, NDManager manager, DataType type) {
    SafetensorsFile file = fileByTensor.get(name);
    if (file == null) {
      throw new ModelLoadException("tensor " + name + " is missing from the checkpoint in " + dir);
    }
    return file.load(name, manager, type);
  }

  @Override
  public void close() {
    files.values().forEach(SafetensorsFile::close);
  }
}
