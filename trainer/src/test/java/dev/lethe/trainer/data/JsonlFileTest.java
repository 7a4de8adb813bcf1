package dev.lethe.trainer.data;

import static dev.lethe.trainer.data.Secrets.SECRET;
import static dev.lethe.trainer.data.Secrets.assertQuotesNothing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Errors name the file, the line and the column, and say what is wrong in our words: a user may
 * name a file she may not read as her forget set, and the message goes into her job's status.
 */
class JsonlFileTest {
  static final String GOOD = "{\"question\": \"where is Tarsk?\", \"answer\": \"in the north.\"}";

  @TempDir Path dir;

  /** What reading {@code GOOD}, then {@code bad}, says. */
  InvalidDataException error(byte[] bad, Function<Path, ?> read) throws Exception {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    content.write((GOOD + "\n").getBytes(StandardCharsets.UTF_8));
    content.write(bad);
    content.write('\n');
    Path file = Files.write(dir.resolve("forget.jsonl"), content.toByteArray());
    InvalidDataException e =
        catchThrowableOfType(InvalidDataException.class, () -> read.apply(file));
    assertThat(e).as("an error").isNotNull();
    assertQuotesNothing(e);
    return e;
  }

  InvalidDataException qaError(String bad) throws Exception {
    return error(bad.getBytes(StandardCharsets.UTF_8), f -> JsonlFile.readQa(f, "{question}"));
  }

  /** The column is where Jackson noticed: after a word it does not know, at a character. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"question\": SECRET, \"answer\": \"a\"} | 31 | not valid JSON (a word that is not a JSON"
            + " value)",
        "{\"question\": \"q\" SECRET} | 18 | not valid JSON (an unexpected character)",
        "{\"question\": \"SECRET | 32 | not valid JSON (it ends too early)",
        "{\"question\": \"SECRET\u0001\"} | 32 | not valid JSON (a control character inside a"
            + " string)",
        "{\"question\": [\"SECRET\"} | 34 | not valid JSON (a closing bracket that does not"
            + " match)",
      })
  void aLineThatIsNotJsonIsNamedWithItsColumnAndNotQuoted(String line, int column, String what)
      throws Exception {
    InvalidDataException e = qaError(line.replace("SECRET", SECRET));

    assertThat(e)
        .hasMessage(dir.resolve("forget.jsonl") + " line 2, column " + column + ": " + what);
  }

  @Test
  void aLineOfTheWrongShapeIsNamedAndNotQuoted() throws Exception {
    Path file = dir.resolve("forget.jsonl");

    assertThat(qaError("{\"question\": [\"" + SECRET + "\"], \"answer\": \"a\"}"))
        .hasMessage(file + " line 2: expected a JSON object with a string \"question\"");
    assertThat(qaError("\"" + SECRET + "\""))
        .hasMessage(file + " line 2: expected a JSON object with a string \"question\"");
    assertThat(
            error(
                ("{\"question\": \"q\", \"answer\": \"a\", \"perturbed_answer\": [1, \""
                        + SECRET
                        + "\"]}")
                    .getBytes(StandardCharsets.UTF_8),
                f -> JsonlFile.readEvaluationQa(f, "{question}")))
        .hasMessage(file + " line 2: \"perturbed_answer\" must be a non-empty list of strings");
    assertThat(
            error(
                ("{\"" + SECRET + "\": \"no\"}").getBytes(StandardCharsets.UTF_8),
                JsonlFile::readStrings))
        .hasMessage(file + " line 1: expected a non-empty JSON string");
  }

  @Test
  void bytesThatAreNotUtf8AreNamedWithTheirColumn() throws Exception {
    String before = "{\"question\": \"" + SECRET;
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    line.write(before.getBytes(StandardCharsets.UTF_8));
    line.write(0xC3); // the first byte of two, without the second
    line.write("\", \"answer\": \"ä\"}".getBytes(StandardCharsets.UTF_8));

    InvalidDataException e = error(line.toByteArray(), f -> JsonlFile.readQa(f, "{question}"));

    assertThat(e)
        .hasMessage(
            dir.resolve("forget.jsonl")
                + " line 2, column "
                + (before.length() + 1)
                + ": not valid UTF-8");
  }

  @Test
  void linesEndAtLineFeedsCarriageReturnsOrBothAndBlankOnesAreCounted() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("text.jsonl"),
            "{\"text\": \"a\"}\r\n\r\n{\"text\": \"b\"}\r{\"text\": \"ä\"}\n{\"text\": " + SECRET);

    InvalidDataException e =
        catchThrowableOfType(InvalidDataException.class, () -> JsonlFile.readText(file));

    assertThat(e).hasMessageStartingWith(file + " line 5, column ");
    assertQuotesNothing(e);
    Files.writeString(file, "{\"text\": \"a\"}\r\n\r\n{\"text\": \"b\"}\r{\"text\": \"ä\"}");
    assertThat(JsonlFile.readText(file)).extracting(Example::target).containsExactly("a", "b", "ä");
  }
}
