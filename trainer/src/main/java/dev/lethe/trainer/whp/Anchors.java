package dev.lethe.trainer.whp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.lethe.trainer.data.InvalidDataException;
import dev.lethe.trainer.files.ReadErrors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * WHP's anchored terms, {@code {"idiosyncratic term": "generic term"}} (docs/methods.md#whp,
 * #whp-stages), and the split of a text into anchored and plain segments.
 *
 * <p>Terms match case-sensitively, as whole words (a term that starts or ends with a letter or
 * digit does not match inside a longer word), the longest term first where several start at the
 * same place. The space before a term goes with it, in both texts, so that a tokenizer sees {@code
 * " Harry"} and {@code " Jon"} as it would inside the whole text.
 */
public record Anchors(Map<String, String> terms) {
  public static final Anchors NONE = new Anchors(Map.of());
  private static final JsonFactory JSON = new JsonFactory();
  private static final String EXPECTED =
      "expected a non-empty JSON object of anchored terms, e.g. {\"Hogwarts\": \"the academy\"}";

  /**
   * A piece of a text.
   *
   * @param original as the text has it
   * @param translated the same with the anchored term replaced; equal to {@code original} when not
   *     anchored
   * @param anchored whether this is an anchored term (with the space before it)
   */
  public record Segment(String original, String translated, boolean anchored) {}

  public Anchors {
    terms = Map.copyOf(terms);
  }

  /**
   * Reads a JSON object of strings; every error names the file, the line and the column, and quotes
   * nothing of it ({@link ReadErrors}): not the terms either.
   */
  public static Anchors read(Path file) {
    try (InputStream in = Files.newInputStream(file);
        JsonParser json = JSON.createParser(in)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidDataException(
            ReadErrors.at(file, json.currentTokenLocation()) + ": " + EXPECTED);
      }
      Map<String, String> terms = new LinkedHashMap<>();
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String term = json.currentName();
        JsonToken value = json.nextToken();
        if (term.isBlank() || value != JsonToken.VALUE_STRING || json.getText().isBlank()) {
          throw new InvalidDataException(
              ReadErrors.at(file, json.currentTokenLocation())
                  + ": an anchored term must be non-empty and map to a non-empty string");
        }
        terms.put(term, json.getText());
      }
      if (terms.isEmpty()) {
        throw new InvalidDataException(
            ReadErrors.at(file, json.currentTokenLocation()) + ": " + EXPECTED);
      }
      return new Anchors(terms);
    } catch (NoSuchFileException e) {
      throw new InvalidDataException(file + " does not exist");
    } catch (IOException e) {
      throw new InvalidDataException(ReadErrors.describe(file, e));
    }
  }

  /** The text as segments, in order; their originals concatenate to the text. */
  public List<Segment> segments(String text) {
    List<String> longestFirst =
        terms.keySet().stream().sorted(Comparator.comparing(String::length).reversed()).toList();
    List<Segment> segments = new ArrayList<>();
    int plainStart = 0;
    int i = 0;
    while (i < text.length()) {
      String term = termAt(text, i, longestFirst);
      if (term == null) {
        i++;
        continue;
      }
      int start = i > plainStart && text.charAt(i - 1) == ' ' ? i - 1 : i;
      String space = text.substring(start, i);
      if (start > plainStart) {
        String plain = text.substring(plainStart, start);
        segments.add(new Segment(plain, plain, false));
      }
      segments.add(new Segment(space + term, space + terms.get(term), true));
      i += term.length();
      plainStart = i;
    }
    if (plainStart < text.length()) {
      String plain = text.substring(plainStart);
      segments.add(new Segment(plain, plain, false));
    }
    return segments;
  }

  private static String termAt(String text, int at, List<String> longestFirst) {
    for (String term : longestFirst) {
      if (text.startsWith(term, at)
          && !(isWordChar(term.charAt(0)) && at > 0 && isWordChar(text.charAt(at - 1)))
          && !(isWordChar(term.charAt(term.length() - 1))
              && at + term.length() < text.length()
              && isWordChar(text.charAt(at + term.length())))) {
        return term;
      }
    }
    return null;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
