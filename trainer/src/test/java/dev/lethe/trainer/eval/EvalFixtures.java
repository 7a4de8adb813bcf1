package dev.lethe.trainer.eval;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Named;

/**
 * The reference values of {@code trainer/reference/make_eval_fixtures.py}, committed under {@code
 * src/test/resources/dev/lethe/trainer/eval/}.
 */
final class EvalFixtures {
  // Python's json writes -Infinity and Infinity for the KS samples with infinite values.
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  private EvalFixtures() {}

  static JsonNode read(String name) {
    try (InputStream in = EvalFixtures.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The fixture's cases, each named for the test report. */
  static Stream<Named<JsonNode>> cases(String name, Function<JsonNode, String> label) {
    return StreamSupport.stream(read(name).get("cases").spliterator(), false)
        .map(c -> Named.of(label.apply(c), c));
  }

  static double[] doubles(JsonNode array) {
    double[] values = new double[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asDouble();
    }
    return values;
  }
}
