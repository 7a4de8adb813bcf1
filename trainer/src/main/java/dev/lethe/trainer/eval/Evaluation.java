package dev.lethe.trainer.eval;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.contract.ContractJson;
import dev.lethe.contract.Metric;
import dev.lethe.trainer.data.InvalidDataException;
import dev.lethe.trainer.files.ReadErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one evaluation measured: every figure by name ({@link Metric} keys and more, such as {@code
 * utility.<set>.rougeL} and {@code mia.zlib}), and the per-example values that another evaluation
 * compares against. {@code lethe-trainer evaluate} writes one; a job reads one as its {@code
 * evaluation.reference}.
 */
public record Evaluation(Map<String, Double> metrics, Map<String, double[]> perExample) {
  /**
   * Per-example forget truth ratios: forget quality compares two models'
   * (docs/metrics.md#forget-quality).
   */
  public static final String FORGET_TRUTH_RATIOS = "forget.truthRatio";

  /**
   * The membership-inference AUC that privleak is relative to (Min-K%, docs/metrics.md#privleak).
   */
  public static final String PRIVLEAK_AUC = "mia.minK";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS);
  private static final Set<String> NAMED =
      Arrays.stream(Metric.values()).map(Metric::key).collect(Collectors.toSet());

  public Evaluation {
    metrics = new LinkedHashMap<>(Objects.requireNonNull(metrics, "no metrics"));
    perExample = new LinkedHashMap<>(Objects.requireNonNull(perExample, "no perExample"));
  }

  /** The value of a named metric; null when it was not measured. */
  public Double get(Metric metric) {
    return metrics.get(metric.key());
  }

  /** The named metrics with finite values: what goes into the result and the job's status. */
  public Map<String, Double> named() {
    Map<String, Double> named = new LinkedHashMap<>();
    metrics.forEach(
        (key, value) -> {
          if (NAMED.contains(key) && Double.isFinite(value)) {
            named.put(key, value);
          }
        });
    return named;
  }

  public void write(Path file) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Files.writeString(file, ContractJson.write(this));
  }

  /** Reads an evaluation that {@code lethe-trainer evaluate} wrote; anything else is bad data. */
  public static Evaluation read(Path file) {
    try {
      return JSON.readValue(Files.newInputStream(file), Evaluation.class);
    } catch (NoSuchFileException e) {
      throw new InvalidDataException(file + " does not exist");
    } catch (IOException e) {
      throw new InvalidDataException(
          ReadErrors.describe(file, e)
              + "; expected an evaluation written by lethe-trainer evaluate");
    }
  }
}
