package dev.lethe.trainer.cli;

import dev.lethe.contract.KeepBest;
import dev.lethe.contract.Metric;
import java.util.Arrays;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** When a model is measured while it trains, and which checkpoint is kept: {@code unlearn}. */
final class ScheduleOptions {
  /** Before and after training only, keeping the last: all {@code evaluate} does. */
  static final ScheduleOptions NONE = new ScheduleOptions();

  @Option(
      names = "--evaluate-every",
      paramLabel = "STEPS",
      description = "Evaluate every this many steps as well as before and after.")
  private Integer everySteps;

  @Option(
      names = "--keep-best",
      paramLabel = "METRIC:max|min",
      converter = KeepBestConverter.class,
      description = "Keep the evaluated checkpoint best by this metric (needs --evaluate-every).")
  private KeepBest keepBest;

  Integer everySteps() {
    return everySteps;
  }

  KeepBest keepBest() {
    return keepBest;
  }

  /** {@code forget.nll:max}: a metric's key and which way is better. */
  static final class KeepBestConverter implements ITypeConverter<KeepBest> {
    @Override
    public KeepBest convert(String value) {
      String[] metricAndGoal = value.split(":", 2);
      if (metricAndGoal.length != 2) {
        throw new TypeConversionException("must be metric:max or metric:min, got '" + value + "'");
      }
      return new KeepBest(
          metric(metricAndGoal[0]), new ApiName<>(KeepBest.Goal.class).convert(metricAndGoal[1]));
    }

    private static Metric metric(String key) {
      return Arrays.stream(Metric.values())
          .filter(metric -> metric.key().equals(key))
          .findFirst()
          .orElseThrow(
              () ->
                  new TypeConversionException(
                      "unknown metric '"
                          + key
                          + "'; one of "
                          + Arrays.stream(Metric.values()).map(Metric::key).toList()));
    }
  }
}
