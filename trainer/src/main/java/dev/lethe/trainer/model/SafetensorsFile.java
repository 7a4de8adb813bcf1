package dev.lethe.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.contract.JsonErrors;
import dev.lethe.trainer.files.ReadErrors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One {@code .safetensors} file, read tensor by tensor from memory-mapped regions.
 *
 * <p>Our own reader because DJL's codec aborts the JVM on BF16 and fails past 2 GiB
 * (docs/djl.md#safetensors-files). Offsets are longs; a tensor is converted in chunks of rows so
 * that no buffer passes 2 GiB; BF16 is widened to F32 in Java. Format: an 8-byte little-endian
 * header length, a JSON header {@code {name: {dtype, shape, data_offsets: [begin, end]}}}, then the
 * data.
 */
public final class SafetensorsFile implements AutoCloseable {
  private static final long MAX_HEADER = 100L << 20;
  private static final long CHUNK_BYTES = 256L << 20;

  /** The format's dtypes: one of these is named in an error, anything else is the file's text. */
  private static final Set<String> SAFETENSORS_DTYPES =
      Set.of(
          "BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "F16", "BF16", "I32", "U32",
          "F32", "F64", "I64", "U64");

  /** Where one tensor's bytes are, relative to the start of the data section. */
  record Entry(String dtype, Shape shape, long begin, long end) {}

  private final Path path;
  private final FileChannel channel;
  private final long dataStart;
  private final Map<String, Entry> entries;

  private SafetensorsFile(
      Path path, FileChannel channel, long dataStart, Map<String, Entry> entries) {
    this.path = path;
    this.channel = channel;
    this.dataStart = dataStart;
    this.entries = entries;
  }

  public static SafetensorsFile open(Path path) {
    FileChannel channel = null;
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ);
      long size = channel.size();
      ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      if (size < 8 || channel.read(length, 0) != 8) {
        throw new ModelLoadException(path + " is not a safetensors file: shorter than 8 bytes");
      }
      long headerLength = length.getLong(0);
      if (headerLength <= 0 || headerLength > MAX_HEADER || 8 + headerLength > size) {
        // Not the length itself: those are the file's first 8 bytes, whatever the file is.
        throw new ModelLoadException(
            path + " is not a safetensors file: its header length is impossible");
      }
      ByteBuffer header = ByteBuffer.allocate((int) headerLength);
      channel.read(header, 8);
      JsonNode json = new ObjectMapper().readTree(header.array());
      Map<String, Entry> entries = parseHeader(json, path, size - 8 - headerLength);
      return new SafetensorsFile(path, channel, 8 + headerLength, entries);
    } catch (JsonProcessingException e) {
      closeQuietly(channel);
      throw new ModelLoadException(
          path + " is not a safetensors file: its header is " + JsonErrors.describe(e));
    } catch (IOException e) {
      closeQuietly(channel);
      throw new ModelLoadException(ReadErrors.describe(path, e));
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  /** Errors count the header's entries rather than name them: the names are the file's. */
  private static Map<String, Entry> parseHeader(JsonNode json, Path path, long dataSize) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    int number = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      number++;
      if (field.getKey().equals("__metadata__")) {
        continue;
      }
      JsonNode node = field.getValue();
      long[] dims = new long[node.path("shape").size()];
      for (int i = 0; i < dims.length; i++) {
        dims[i] = node.path("shape").get(i).asLong();
      }
      Entry entry =
          new Entry(
              node.path("dtype").asText(),
              new Shape(dims),
              node.path("data_offsets").path(0).asLong(-1),
              node.path("data_offsets").path(1).asLong(-1));
      long expected = entry.shape().size() * bytesPerElement(entry.dtype(), path, number);
      if (entry.begin() < 0 || entry.end() > dataSize || entry.end() - entry.begin() != expected) {
        throw new ModelLoadException(
            path + ": the header's entry " + number + " has offsets that do not match its shape");
      }
      entries.put(field.getKey(), entry);
    }
    return entries;
  }

  private static int bytesPerElement(String dtype, Path path, int number) {
    return switch (dtype) {
      case "F64", "I64" -> 8;
      case "F32", "I32" -> 4;
      case "F16", "BF16" -> 2;
      default ->
          throw new ModelLoadException(
              path
                  + ": the header's entry "
                  + number
                  + " has "
                  + (SAFETENSORS_DTYPES.contains(dtype)
                      ? "unsupported dtype " + dtype
                      : "an unknown dtype")
                  + " (supported: F32, F16, BF16, F64, I64, I32)");
    };
  }

  public Set<String> names() {
    return entries.keySet();
  }

  public Shape shape(String name) {
    return entry(name).shape();
  }

  /** Reads a tensor into {@code manager}, converted to {@code target}. */
  public NDArray load(String name, NDManager manager, DataType target) {
    Entry entry = entry(name);
    Shape shape = entry.shape();
    long rows = shape.dimension() == 0 ? 1 : shape.get(0);
    long rowBytes = rows == 0 ? 0 : (entry.end() - entry.begin()) / rows;
    long rowsPerChunk = Math.max(1, CHUNK_BYTES / Math.max(1, rowBytes));
    if (rows <= rowsPerChunk) {
      return read(entry, 0, entry.end() - entry.begin(), shape, manager, target);
    }
    try (NDManager chunks = manager.newSubManager()) {
      NDList parts = new NDList();
      for (long first = 0; first < rows; first += rowsPerChunk) {
        long count = Math.min(rowsPerChunk, rows - first);
        Shape part = new Shape(count).addAll(shape.slice(1));
        parts.add(read(entry, first * rowBytes, count * rowBytes, part, chunks, target));
      }
      NDArray whole = NDArrays.concat(parts);
      whole.attach(manager);
      return whole;
    }
  }

  private NDArray read(
      Entry entry, long offset, long length, Shape shape, NDManager manager, DataType target) {
    ByteBuffer bytes;
    try {
      bytes =
          channel
              .map(FileChannel.MapMode.READ_ONLY, dataStart + entry.begin() + offset, length)
              .order(ByteOrder.LITTLE_ENDIAN);
    } catch (IOException e) {
      throw new ModelLoadException(ReadErrors.describe(path, e));
    }
    if (entry.dtype().equals("BF16")) {
      bytes = widenBf16(bytes);
    }
    // DJL wraps the buffer without copying, so raw aliases the read-only mapping (writing to it
    // in place is a SIGSEGV). duplicate() or a dtype conversion gives memory torch owns.
    try (NDArray raw = manager.create(bytes, shape, dataType(entry.dtype()))) {
      return raw.getDataType() == target ? raw.duplicate() : raw.toType(target, false);
    }
  }

  /** bfloat16 is the upper half of a float32: shift each value 16 bits left. */
  private static ByteBuffer widenBf16(ByteBuffer bf16) {
    int count = bf16.remaining() / 2;
    ByteBuffer f32 = ByteBuffer.allocateDirect(count * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < count; i++) {
      f32.putInt((bf16.getShort() & 0xFFFF) << 16);
    }
    return f32.flip();
  }

  private static DataType dataType(String dtype) {
    return switch (dtype) {
      case "F64" -> DataType.FLOAT64;
      case "F32", "BF16" -> DataType.FLOAT32;
      case "F16" -> DataType.FLOAT16;
      case "I64" -> DataType.INT64;
      case "I32" -> DataType.INT32;
      default -> throw new IllegalStateException("checked when the header was read: " + dtype);
    };
  }

  private Entry entry(String name) {
    Entry entry = entries.get(name);
    if (entry == null) {
      throw new ModelLoadException(path + " has no tensor " + name);
    }
    return entry;
  }

  @Override
  public void close() {
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing left to do with a file we only read
      }
    }
  }
}
