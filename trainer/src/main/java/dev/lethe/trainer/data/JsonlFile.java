package dev.lethe.trainer.data;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.contract.JsonErrors;
import dev.lethe.trainer.files.ReadErrors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * Reads JSON Lines files; every error names the file, the line and (where there is one) the column,
 * and says what is wrong without quoting the file ({@link ReadErrors}). Blank lines are skipped.
 */
public final class JsonlFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonlFile() {}

  /** {@code {"question": ..., "answer": ...}} lines, the question put into the prompt template. */
  public static List<Example> readQa(Path file, String promptTemplate) {
    return read(
        file,
        (node, where) ->
            new Example(
                promptTemplate.replace("{question}", text(node, "question", where)),
                text(node, "answer", where)));
  }

  /**
   * QA lines for evaluation: {@code question} and {@code answer}, and TOFU's optional {@code
   * paraphrased_answer} (a string) and {@code perturbed_answer} (a list of strings, or one string).
   */
  public static List<EvaluationItem> readEvaluationQa(Path file, String promptTemplate) {
    return read(
        file,
        (node, where) ->
            new EvaluationItem(
                promptTemplate.replace("{question}", text(node, "question", where)),
                text(node, "answer", where),
                node.has("paraphrased_answer") ? text(node, "paraphrased_answer", where) : null,
                perturbed(node, where)));
  }

  private static List<String> perturbed(JsonNode node, String where) {
    JsonNode value = node.get("perturbed_answer");
    if (value == null) {
      return List.of();
    }
    if (value.isTextual()) {
      return List.of(value.asText());
    }
    List<String> answers = new ArrayList<>();
    if (value.isArray()) {
      value.forEach(answer -> answers.add(answer.isTextual() ? answer.asText() : null));
    }
    if (answers.isEmpty() || answers.contains(null)) {
      throw new InvalidDataException(
          where + ": \"perturbed_answer\" must be a non-empty list of strings");
    }
    return answers;
  }

  /** {@code {"text": ...}} lines. */
  public static List<Example> readText(Path file) {
    return read(file, (node, where) -> new Example("", text(node, "text", where)));
  }

  /** Lines that are each one JSON string (refusal answers). */
  public static List<String> readStrings(Path file) {
    return read(file, JsonlFile::string);
  }

  /** The same from a resource that ships with the trainer. */
  public static List<String> readStrings(String source, InputStream in) throws IOException {
    return read(source, in, JsonlFile::string);
  }

  private static String string(JsonNode node, String where) {
    if (!node.isTextual() || node.asText().isBlank()) {
      throw new InvalidDataException(where + ": expected a non-empty JSON string");
    }
    return node.asText();
  }

  private static <T> List<T> read(Path file, BiFunction<JsonNode, String, T> parse) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(file.toString(), in, parse);
    } catch (NoSuchFileException e) {
      throw new InvalidDataException(file + " does not exist");
    } catch (IOException e) {
      throw new InvalidDataException(ReadErrors.describe(file, e));
    }
  }

  /**
   * Splits lines at {@code \n}, {@code \r\n} or {@code \r}, as {@link java.io.BufferedReader} does,
   * but decodes each line itself: a reader decodes ahead of the line it returns, so it could not
   * say at which line and column a byte is not UTF-8.
   */
  private static <T> List<T> read(
      String source, InputStream in, BiFunction<JsonNode, String, T> parse) throws IOException {
    List<T> items = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    byte[] buffer = new byte[1 << 16];
    int number = 0;
    boolean afterCr = false;
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      int start = 0;
      for (int i = 0; i < n; i++) {
        if (buffer[i] != '\n' && buffer[i] != '\r') {
          afterCr = false;
          continue;
        }
        line.write(buffer, start, i - start);
        start = i + 1;
        boolean secondHalfOfCrLf = buffer[i] == '\n' && afterCr;
        afterCr = buffer[i] == '\r';
        if (!secondHalfOfCrLf) {
          parseLine(source, ++number, line.toByteArray(), parse, items);
          line.reset();
        }
      }
      line.write(buffer, start, n - start);
    }
    if (line.size() > 0) {
      parseLine(source, ++number, line.toByteArray(), parse, items);
    }
    if (items.isEmpty()) {
      throw new InvalidDataException(source + " has no examples");
    }
    return items;
  }

  private static <T> void parseLine(
      String source,
      int number,
      byte[] bytes,
      BiFunction<JsonNode, String, T> parse,
      List<T> items) {
    String where = source + " line " + number;
    String line = decode(bytes, where);
    if (line.isBlank()) {
      return;
    }
    try {
      items.add(parse.apply(JSON.readTree(line), where));
    } catch (JsonProcessingException e) {
      // Jackson's message quotes the line: only its column, and what is wrong in our words.
      throw new InvalidDataException(where + column(e.getLocation()) + ": " + JsonErrors.what(e));
    }
  }

  private static String column(JsonLocation at) {
    return at == null || at.getColumnNr() < 1 ? "" : ", column " + at.getColumnNr();
  }

  private static String decode(byte[] bytes, String where) {
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder(); // reports bad bytes
    CharBuffer chars = CharBuffer.allocate(bytes.length); // UTF-8 never decodes to more chars
    CoderResult result = utf8.decode(ByteBuffer.wrap(bytes), chars, true);
    if (!result.isError()) {
      result = utf8.flush(chars);
    }
    if (result.isError()) {
      throw new InvalidDataException(
          where + ", column " + (chars.position() + 1) + ": not valid UTF-8");
    }
    return chars.flip().toString();
  }

  /** What a JSON value is, without quoting it: "a number", "an array", "null". */
  private static String kind(JsonNode value) {
    String kind = value.getNodeType().name().toLowerCase(Locale.ROOT);
    return value.isNull() ? kind : (kind.matches("[aeiou].*") ? "an " : "a ") + kind;
  }

  private static String text(JsonNode node, String key, String where) {
    JsonNode value = node.get(key);
    if (!node.isObject() || value == null) {
      throw new InvalidDataException(
          where + ": expected a JSON object with a string \"" + key + "\"");
    }
    if (!value.isTextual()) {
      throw new InvalidDataException(
          where + ": \"" + key + "\" must be a string, not " + kind(value));
    }
    return value.asText();
  }
}
