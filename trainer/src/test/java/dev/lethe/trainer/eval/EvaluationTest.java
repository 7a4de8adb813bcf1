package dev.lethe.trainer.eval;

import static dev.lethe.trainer.data.Secrets.SECRET;
import static dev.lethe.trainer.data.Secrets.assertQuotesNothing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lethe.trainer.data.InvalidDataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A reference evaluation from the user's storage: read back, or refused without quoting it. */
class EvaluationTest {
  @TempDir Path dir;

  @Test
  void anEvaluationReadsBackAsWritten() throws Exception {
    Path file = dir.resolve("reference.json");
    new Evaluation(Map.of("forget.nll", 1.5), Map.of("forget.truthRatio", new double[] {0.5, 0.25}))
        .write(file);

    Evaluation read = Evaluation.read(file);

    assertThat(read.metrics()).containsExactlyEntriesOf(Map.of("forget.nll", 1.5));
    assertThat(read.perExample().get("forget.truthRatio")).containsExactly(0.5, 0.25);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"metrics\": SECRET} | line 1, column 31: not valid JSON (a word that is not a JSON value)",
        "{\"metrics\": {\"forget.nll\": \"SECRET\"}} | line 1, column 28: a value of the wrong type"
            + " (expected a number)",
        "{\"metrics\": {}, \"perExample\": {}, \"SECRET\": 1} | line 1, column 57: a field that is"
            + " not allowed here (allowed: metrics, perExample)",
        "{\"metrics\": {\"SECRET\": 1}} | line 1, column 37: fields that are missing or not"
            + " allowed",
        "{\"metrics\": {\"SECRET\": [1]}} | line 1, column 35: a value of the wrong type (expected"
            + " a number)",
      })
  void aFileThatIsNotAnEvaluationIsNamedWithItsPlaceAndNotQuoted(String json, String problem)
      throws Exception {
    Path file = Files.writeString(dir.resolve("reference.json"), json.replace("SECRET", SECRET));

    InvalidDataException e =
        catchThrowableOfType(InvalidDataException.class, () -> Evaluation.read(file));

    assertThat(e)
        .hasMessage(
            file + " " + problem + "; expected an evaluation written by lethe-trainer evaluate");
    assertQuotesNothing(e);
  }
}
