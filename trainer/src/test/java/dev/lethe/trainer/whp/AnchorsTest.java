package dev.lethe.trainer.whp;

import static dev.lethe.trainer.data.Secrets.SECRET;
import static dev.lethe.trainer.data.Secrets.assertQuotesNothing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.lethe.trainer.data.InvalidDataException;
import dev.lethe.trainer.whp.Anchors.Segment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AnchorsTest {
  private static final Anchors ANCHORS =
      new Anchors(Map.of("Harry Potter", "Jon Smith", "Harry", "Jon", "Hogwarts", "the academy"));

  @Test
  void aTextSplitsIntoPlainAndAnchoredSegmentsTheLongestTermFirst() {
    String text = "Harry Potter met Harry at Hogwarts.";

    List<Segment> segments = ANCHORS.segments(text);

    assertThat(segments)
        .containsExactly(
            new Segment("Harry Potter", "Jon Smith", true),
            new Segment(" met", " met", false),
            new Segment(" Harry", " Jon", true),
            new Segment(" at", " at", false),
            new Segment(" Hogwarts", " the academy", true),
            new Segment(".", ".", false));
    assertThat(String.join("", segments.stream().map(Segment::original).toList())).isEqualTo(text);
  }

  @Test
  void termsMatchOnlyAsWholeWords() {
    assertThat(ANCHORS.segments("Harrying Harry's Harry_ xHarry"))
        .containsExactly(
            new Segment("Harrying", "Harrying", false),
            new Segment(" Harry", " Jon", true),
            new Segment("'s Harry_ xHarry", "'s Harry_ xHarry", false));
  }

  @Test
  void withoutAnchorsATextIsOnePlainSegment() {
    assertThat(Anchors.NONE.segments("Harry Potter."))
        .containsExactly(new Segment("Harry Potter.", "Harry Potter.", false));
  }

  @Test
  void anchorsAreReadFromAJsonObjectOfStrings(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("anchors.json"), "{\"Harry\": \"Jon\",\n \"Hogwarts\": \"the academy\"}");

    assertThat(Anchors.read(file).terms())
        .containsExactlyInAnyOrderEntriesOf(Map.of("Harry", "Jon", "Hogwarts", "the academy"));
  }

  static Stream<Arguments> badAnchors() {
    String notAString = "an anchored term must be non-empty and map to a non-empty string";
    String notAnObject =
        "expected a non-empty JSON object of anchored terms, e.g. {\"Hogwarts\": \"the academy\"}";
    return Stream.of(
        arguments("{\"SECRET\": 3}", "line 1, column 23: " + notAString),
        arguments(
            "{\"Harry\": \"Jon\",\n \"SECRET\": {\"SECRET\": \"x\"}}",
            "line 2, column 23: " + notAString),
        arguments("{\" \": \"SECRET\"}", "line 1, column 7: " + notAString),
        arguments("[\"SECRET\"]", "line 1, column 1: " + notAnObject),
        arguments("{}", "line 1, column 2: " + notAnObject),
        arguments(
            "{\"Harry\": SECRET}",
            "line 1, column 29: not valid JSON (a word that is not a JSON value)"),
        arguments("{\"Harry\": \"SECRET", "line 1, column 29: not valid JSON (it ends too early)"),
        arguments(
            "{\"Harry\" \"SECRET\"}",
            "line 1, column 10: not valid JSON (an unexpected character)"));
  }

  /**
   * The place is where the parser was: at a value or a character, or after a word it does not know.
   */
  @ParameterizedTest
  @MethodSource("badAnchors")
  void badAnchorsAreNamedByFileLineAndColumnAndNotQuoted(
      String anchors, String problem, @TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("anchors.json"), anchors.replace("SECRET", SECRET));

    InvalidDataException e =
        catchThrowableOfType(InvalidDataException.class, () -> Anchors.read(file));

    assertThat(e).hasMessage(file + " " + problem);
    assertQuotesNothing(e);
  }

  @Test
  void anchorsThatAreNotUtf8AreNamedByFileLineAndColumn(@TempDir Path dir) throws Exception {
    byte[] secret = ("{\"Harry\": \"" + SECRET).getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[secret.length + 3];
    System.arraycopy(secret, 0, bytes, 0, secret.length);
    bytes[secret.length] = (byte) 0xFF;
    bytes[secret.length + 1] = '"';
    bytes[secret.length + 2] = '}';
    Path file = Files.write(dir.resolve("anchors.json"), bytes);

    InvalidDataException e =
        catchThrowableOfType(InvalidDataException.class, () -> Anchors.read(file));

    assertThat(e)
        .hasMessage(
            file
                + " line 1, column "
                + (secret.length + 2) // Jackson counts the byte it read
                + ": not valid JSON (bytes that are not UTF-8)");
    assertQuotesNothing(e);
  }
}
