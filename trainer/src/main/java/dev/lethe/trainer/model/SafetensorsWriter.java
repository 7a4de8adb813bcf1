package dev.lethe.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes tensors as one {@code .safetensors} file (F32, F64, I64 or I32), in the given order. */
public final class SafetensorsWriter {
  private SafetensorsWriter() {}

  public static void write(Path file, Map<String, NDArray> tensors) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode header = json.createObjectNode();
    header.putObject("__metadata__").put("format", "pt");
    long offset = 0;
    for (Map.Entry<String, NDArray> tensor : tensors.entrySet()) {
      NDArray array = tensor.getValue();
      long bytes = array.size() * array.getDataType().getNumOfBytes();
      ObjectNode entry = header.putObject(tensor.getKey());
      entry.put("dtype", dtype(array.getDataType(), tensor.getKey()));
      var shape = entry.putArray("shape");
      for (long dim : array.getShape().getShape()) {
        shape.add(dim);
      }
      entry.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    // The format wants the data section 8-byte aligned: pad the header with spaces.
    StringBuilder text = new StringBuilder(json.writeValueAsString(header));
    while (text.toString().getBytes(StandardCharsets.UTF_8).length % 8 != 0) {
      text.append(' ');
    }
    byte[] headerBytes = text.toString().getBytes(StandardCharsets.UTF_8);
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    try (OutputStream out = Files.newOutputStream(partial);
        WritableByteChannel channel = Channels.newChannel(out)) {
      channel.write(
          ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length).flip());
      channel.write(ByteBuffer.wrap(headerBytes));
      for (NDArray array : tensors.values()) {
        channel.write(array.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN));
      }
    }
    Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static String dtype(DataType type, String name) {
    return switch (type) {
      case FLOAT32 -> "F32";
      case FLOAT64 -> "F64";
      case INT64 -> "I64";
      case INT32 -> "I32";
      default -> throw new IllegalArgumentException(name + ": cannot write dtype " + type);
    };
  }
}
