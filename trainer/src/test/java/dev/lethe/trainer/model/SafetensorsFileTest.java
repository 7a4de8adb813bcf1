package dev.lethe.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFileTest {

  @Test
  void writtenTensorsReadBackExactly(@TempDir Path dir) throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      Map<String, NDArray> tensors = new LinkedHashMap<>();
      tensors.put(
          "a", manager.create(new float[] {1.5f, -2f, 3.25f, 0f, 7f, -0.125f}, new Shape(2, 3)));
      tensors.put("b", manager.create(new long[] {4, 5, 6}));
      Path file = dir.resolve("t.safetensors");
      SafetensorsWriter.write(file, tensors);

      try (SafetensorsFile read = SafetensorsFile.open(file)) {
        assertThat(read.names()).containsExactly("a", "b");
        assertThat(read.load("a", manager, DataType.FLOAT32).toFloatArray())
            .containsExactly(1.5f, -2f, 3.25f, 0f, 7f, -0.125f);
        assertThat(read.load("b", manager, DataType.INT64).toLongArray()).containsExactly(4, 5, 6);
        assertThat(read.load("a", manager, DataType.FLOAT64).getShape()).isEqualTo(new Shape(2, 3));
      }
      assertThat(Files.size(file) % 8).as("header padded to 8 bytes, data 4-byte tensors").isZero();
    }
  }

  @Test
  void loadedTensorsOwnTheirMemorySoInPlaceUpdatesLeaveTheFileAlone(@TempDir Path dir)
      throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      Path file = dir.resolve("w.safetensors");
      SafetensorsWriter.write(file, Map.of("w", manager.create(new float[] {1, 2, 3})));
      byte[] before = Files.readAllBytes(file);

      try (SafetensorsFile read = SafetensorsFile.open(file)) {
        NDArray w = read.load("w", manager, DataType.FLOAT32);
        w.muli(manager.create(2f));
        assertThat(w.toFloatArray()).containsExactly(2, 4, 6);
      }
      assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }
  }

  @Test
  void aTruncatedFileIsAModelLoadError(@TempDir Path dir) throws Exception {
    Path file = Files.write(dir.resolve("bad.safetensors"), new byte[] {1, 2, 3});

    assertThatThrownBy(() -> SafetensorsFile.open(file))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("is not a safetensors file");
  }
}
