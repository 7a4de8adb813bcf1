package dev.lethe.trainer.model;

import static dev.lethe.trainer.data.Secrets.SECRET;
import static dev.lethe.trainer.data.Secrets.assertQuotesNothing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

  /** A file of an 8-byte little-endian header length, the header, and {@code dataBytes} zeros. */
  static Path safetensors(Path file, String header, int dataBytes) throws Exception {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer bytes =
        ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    bytes.putLong(json.length).put(json);
    return Files.write(file, bytes.array());
  }

  @Test
  void aFileThatIsNotSafetensorsIsRefusedWithoutItsFirstBytes(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("model.safetensors"), SECRET + " and more text");
    long firstEightBytes =
        ByteBuffer.wrap(SECRET.getBytes(StandardCharsets.UTF_8))
            .order(ByteOrder.LITTLE_ENDIAN)
            .getLong();

    ModelLoadException e =
        catchThrowableOfType(ModelLoadException.class, () -> SafetensorsFile.open(file));

    assertThat(e)
        .hasMessage(file + " is not a safetensors file: its header length is impossible")
        .message()
        .doesNotContain(Long.toString(firstEightBytes));
    assertQuotesNothing(e);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"w\": SECRET} | is not a safetensors file: its header is not valid JSON (a word that is"
            + " not a JSON value) at line 1, column 25",
        "{\"SECRET\": {\"dtype\": \"SECRET\", \"shape\": [1], \"data_offsets\": [0, 4]}} |"
            + ": the header's entry 1 has an unknown dtype (supported: F32, F16, BF16, F64, I64,"
            + " I32)",
        "{\"SECRET\": {\"dtype\": \"F8_E4M3\", \"shape\": [4], \"data_offsets\": [0, 4]}} |"
            + ": the header's entry 1 has unsupported dtype F8_E4M3 (supported: F32, F16, BF16,"
            + " F64, I64, I32)",
        "{\"__metadata__\": {}, \"w\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\":"
            + " [0, 4]}, \"SECRET\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0,"
            + " 4]}} | : the header's entry 3 has offsets that do not match its shape",
      })
  void aBadHeaderIsNamedWithoutQuotingIt(String header, String problem, @TempDir Path dir)
      throws Exception {
    Path file = safetensors(dir.resolve("model.safetensors"), header.replace("SECRET", SECRET), 4);

    ModelLoadException e =
        catchThrowableOfType(ModelLoadException.class, () -> SafetensorsFile.open(file));

    assertThat(e).hasMessage(file + (problem.startsWith(":") ? "" : " ") + problem);
    assertQuotesNothing(e);
  }
}
