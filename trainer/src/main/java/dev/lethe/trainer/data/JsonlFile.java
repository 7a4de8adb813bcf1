package dev.lethe.trainer.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/** Reads JSON Lines files; every error names the file and the line. Blank lines are skipped. */
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
  public static List<String> readStrings(String source, BufferedReader reader) throws IOException {
    return read(source, reader, JsonlFile::string);
  }

  private static String string(JsonNode node, String where) {
    if (!node.isTextual() || node.asText().isBlank()) {
      throw new InvalidDataException(where + ": expected a non-empty JSON string");
    }
    return node.asText();
  }

  private static <T> List<T> read(Path file, BiFunction<JsonNode, String, T> parse) {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(file.toString(), reader, parse);
    } catch (NoSuchFileException e) {
      throw new InvalidDataException(file + " does not exist");
    } catch (IOException e) {
      throw new InvalidDataException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static <T> List<T> read(
      String source, BufferedReader reader, BiFunction<JsonNode, String, T> parse)
      throws IOException {
    List<T> items = new ArrayList<>();
    int number = 0;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      String where = source + " line " + number;
      try {
        items.add(parse.apply(JSON.readTree(line), where));
      } catch (JsonProcessingException e) {
        throw new InvalidDataException(where + ": not valid JSON (" + e.getOriginalMessage() + ")");
      }
    }
    if (items.isEmpty()) {
      throw new InvalidDataException(source + " has no examples");
    }
    return items;
  }

  private static String text(JsonNode node, String key, String where) {
    JsonNode value = node.get(key);
    if (!node.isObject() || value == null || !value.isTextual()) {
      throw new InvalidDataException(
          where + ": expected a JSON object with a string \"" + key + "\"");
    }
    return value.asText();
  }
}
