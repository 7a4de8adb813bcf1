package dev.lethe.trainer.data;

import static dev.lethe.trainer.data.Secrets.SECRET;
import static dev.lethe.trainer.data.Secrets.assertQuotesNothing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        .hasMessage(file + " line 2: \"question\" must be a string, not an array");
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

  /** A whole file of {@code content}, read by {@code read}: the error it gives. */
  InvalidDataException fileError(String content, Function<Path, ?> read) throws Exception {
    Path file = Files.writeString(dir.resolve("data.jsonl"), content);
    InvalidDataException e =
        catchThrowableOfType(InvalidDataException.class, () -> read.apply(file));
    assertThat(e).as("an error").isNotNull();
    assertQuotesNothing(e);
    return e;
  }

  @Test
  void qaLinesPutTheQuestionIntoThePromptTemplateAndSkipBlankLines() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("qa.jsonl"),
            GOOD
                + "\n  \n{\"answer\": \"b\", \"question\": \"q?\", \"source\": \"more is fine\"}\n");

    assertThat(JsonlFile.readQa(file, "Question: {question}\nAnswer: "))
        .containsExactly(
            new Example("Question: where is Tarsk?\nAnswer: ", "in the north."),
            new Example("Question: q?\nAnswer: ", "b"));
  }

  /** TOFU's perturbed answers come as a list or, in some of its sets, as one string. */
  @Test
  void evaluationLinesMayHaveAParaphraseAndPerturbedAnswers() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("eval.jsonl"),
            String.join(
                "\n",
                "{\"question\": \"a?\", \"answer\": \"A\"}",
                "{\"question\": \"b?\", \"answer\": \"B\", \"paraphrased_answer\": \"b\","
                    + " \"perturbed_answer\": [\"C\", \"D\"]}",
                "{\"question\": \"c?\", \"answer\": \"C\", \"perturbed_answer\": \"E\"}"));

    assertThat(JsonlFile.readEvaluationQa(file, "Q: {question} A: "))
        .containsExactly(
            new EvaluationItem("Q: a? A: ", "A", null, List.of()),
            new EvaluationItem("Q: b? A: ", "B", "b", List.of("C", "D")),
            new EvaluationItem("Q: c? A: ", "C", null, List.of("E")));
  }

  @Test
  void textLinesAndStringLinesAreRead() throws Exception {
    Path texts =
        Files.writeString(dir.resolve("text.jsonl"), "{\"text\": \"one\"}\n{\"text\": \"two\"}");
    Path strings =
        Files.writeString(dir.resolve("refusals.jsonl"), "\"I don't know.\"\n\"No idea.\"\n");

    assertThat(JsonlFile.readText(texts))
        .containsExactly(new Example("", "one"), new Example("", "two"));
    assertThat(JsonlFile.readStrings(strings)).containsExactly("I don't know.", "No idea.");
  }

  @Test
  void aLineWithoutAFieldTheFormatNeedsNamesTheField() throws Exception {
    String file = dir.resolve("data.jsonl").toString();

    assertThat(
            fileError(
                GOOD + "\n{\"question\": \"" + SECRET + "\"}\n",
                f -> JsonlFile.readQa(f, "{question}")))
        .hasMessage(file + " line 2: expected a JSON object with a string \"answer\"");
    assertThat(fileError("{\"text\": \"a\"}\n{\"txt\": \"" + SECRET + "\"}", JsonlFile::readText))
        .hasMessage(file + " line 2: expected a JSON object with a string \"text\"");
    assertThat(
            fileError(
                "{\"question\": \"q\", \"answer\": \"" + SECRET + "\", \"paraphrased_answer\": 1}",
                f -> JsonlFile.readEvaluationQa(f, "{question}")))
        .hasMessage(file + " line 1: \"paraphrased_answer\" must be a string, not a number");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"[]", "3", "{\"a\": \"b\"}"})
  void perturbedAnswersThatAreNotStringsAreRefused(String perturbed) throws Exception {
    assertThat(
            fileError(
                "{\"question\": \"q\", \"answer\": \"a\", \"perturbed_answer\": " + perturbed + "}",
                f -> JsonlFile.readEvaluationQa(f, "{question}")))
        .hasMessage(
            dir.resolve("data.jsonl")
                + " line 1: \"perturbed_answer\" must be a non-empty list of strings");
  }

  @Test
  void aBlankStringIsNoRefusal() throws Exception {
    assertThat(fileError("\"No.\"\n\"   \"\n", JsonlFile::readStrings))
        .hasMessage(dir.resolve("data.jsonl") + " line 2: expected a non-empty JSON string");
  }

  @Test
  void aFileWithoutExamplesIsRefused() throws Exception {
    String noExamples = dir.resolve("data.jsonl") + " has no examples";

    assertThat(fileError("", JsonlFile::readText)).hasMessage(noExamples);
    assertThat(fileError("\n  \n\r\n", JsonlFile::readText))
        .as("blank lines")
        .hasMessage(noExamples);
  }

  @Test
  void aMissingFileOrADirectoryIsNamedWithWhatIsWrong() {
    Path missing = dir.resolve("missing.jsonl");

    assertThat(catchThrowableOfType(InvalidDataException.class, () -> JsonlFile.readText(missing)))
        .hasMessage(missing + " does not exist");
    assertThat(catchThrowableOfType(InvalidDataException.class, () -> JsonlFile.readText(dir)))
        .hasMessage(dir + ": is a directory, not a file");
  }

  /** A resource that ships with the trainer is named by what the caller calls it. */
  @Test
  void aStreamsErrorsNameItsSource() {
    byte[] content = "\"No.\"\n{\"no\": 1}\n".getBytes(StandardCharsets.UTF_8);

    assertThat(
            catchThrowableOfType(
                InvalidDataException.class,
                () ->
                    JsonlFile.readStrings(
                        "bundled refusals.jsonl", new ByteArrayInputStream(content))))
        .hasMessage("bundled refusals.jsonl line 2: expected a non-empty JSON string");
  }
}
