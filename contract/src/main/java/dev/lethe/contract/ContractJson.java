package dev.lethe.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one JSON mapping of the contract: unknown keys are errors, times are ISO-8601 strings, and
 * map keys are sorted so that the same record always gives the same bytes.
 */
public final class ContractJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  private ContractJson() {}

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * Reads a trainer config, turning every way it can be wrong into an {@link
   * InvalidConfigException} whose message a person can act on.
   */
  public static TrainerConfig readConfig(String json) {
    try {
      // Unknown keys first: Jackson builds a record before it reports them, so a typo in a key
      // would otherwise surface as "... is required" for the key the person meant to write.
      rejectUnknownKeys(MAPPER.readTree(json), TrainerConfig.class, "");
      return MAPPER.readValue(json, TrainerConfig.class);
    } catch (ValueInstantiationException e) {
      if (e.getCause() instanceof InvalidConfigException invalid) {
        throw invalid;
      }
      throw new InvalidConfigException(e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw new InvalidConfigException(describe(e));
    }
  }

  private static void rejectUnknownKeys(JsonNode node, Class<?> type, String path) {
    if (!type.isRecord() || !node.isObject()) {
      return;
    }
    Map<String, RecordComponent> components = new TreeMap<>();
    for (RecordComponent c : type.getRecordComponents()) {
      components.put(c.getName(), c);
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      String key = path.isEmpty() ? name : path + "." + name;
      RecordComponent component = components.get(name);
      if (component == null) {
        throw new InvalidConfigException(
            "unknown key "
                + key
                + " (allowed here: "
                + String.join(", ", components.keySet())
                + ")");
      }
      JsonNode value = node.get(name);
      if (value.isArray() && component.getGenericType() instanceof ParameterizedType list) {
        for (int i = 0; i < value.size(); i++) {
          rejectUnknownKeys(
              value.get(i), (Class<?>) list.getActualTypeArguments()[0], key + "[" + i + "]");
        }
      } else {
        rejectUnknownKeys(value, component.getType(), key);
      }
    }
  }

  /**
   * Reads a document a trainer pod wrote: its result or its progress. The error says what is wrong
   * and where ({@link JsonErrors}), never quotes the document, and does not carry Jackson's
   * exception, whose message does: the operator puts it into a job's status.
   */
  public static <T> T read(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(JsonErrors.describe(e));
    }
  }

  /**
   * The result as the termination message: compact JSON of at most {@link Limits#MAX_RESULT_BYTES}
   * bytes. A message too long to fit is shortened; if the figures alone do not fit, that is a bug
   * in the trainer and this throws.
   */
  public static String writeResult(Result result) {
    String json = write(result);
    if (utf8Length(json) <= Limits.MAX_RESULT_BYTES) {
      return json;
    }
    String ellipsis = " ...";
    int budget =
        Limits.MAX_RESULT_BYTES - utf8Length(write(withMessage(result, ""))) - utf8Length(ellipsis);
    if (budget < 0) {
      throw new IllegalStateException(
          "result does not fit the " + Limits.MAX_RESULT_BYTES + "-byte termination message");
    }
    String message = result.message() == null ? "" : result.message();
    return write(withMessage(result, prefixOfAtMostBytes(message, budget) + ellipsis));
  }

  private static Result withMessage(Result result, String message) {
    return new Result(
        result.exitCode(),
        message,
        result.adapterPath(),
        result.before(),
        result.after(),
        result.gates(),
        result.steps(),
        result.durationSeconds());
  }

  private static int utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  /** The longest prefix of {@code text} whose JSON-escaped UTF-8 form has at most maxBytes. */
  private static String prefixOfAtMostBytes(String text, int maxBytes) {
    int end = 0;
    int used = 0;
    while (end < text.length()) {
      int next = text.offsetByCodePoints(end, 1);
      int size = utf8Length(write(text.substring(end, next))) - 2; // minus the quotes
      if (used + size > maxBytes) {
        break;
      }
      used += size;
      end = next;
    }
    return text.substring(0, end);
  }

  private static String describe(JsonProcessingException e) {
    if (e instanceof UnrecognizedPropertyException unknown) {
      return "unknown key "
          + keyPath(unknown)
          + " (allowed here: "
          + String.join(
              ", ", unknown.getKnownPropertyIds().stream().map(Object::toString).sorted().toList())
          + ")";
    }
    if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
      return keyPath(mismatch) + ": " + e.getOriginalMessage();
    }
    String where =
        e.getLocation() == null
            ? ""
            : " (line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr()
                + ")";
    return e.getOriginalMessage() + where;
  }

  /** {@code lora.targetModules[2]} for the place in the document where reading failed. */
  private static String keyPath(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }
}
