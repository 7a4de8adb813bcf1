package dev.lethe.contract;

import java.util.Collection;
import java.util.Objects;

/** The checks the config records run in their constructors; each message names the key path. */
final class ConfigChecks {
  private ConfigChecks() {}

  static <T> T required(String key, T value) {
    if (value == null) {
      throw new InvalidConfigException(key + " is required");
    }
    return value;
  }

  static String requiredText(String key, String value) {
    if (required(key, value).isBlank()) {
      throw new InvalidConfigException(key + " must not be empty");
    }
    return value;
  }

  static int between(String key, int value, int min, int max) {
    if (value < min || value > max) {
      throw new InvalidConfigException(
          key + " must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  /** {@code min <= value <= max}. */
  static double between(String key, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new InvalidConfigException(
          key + " must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  /** {@code 0 < value <= max}. */
  static double positiveAtMost(String key, double value, double max) {
    if (!(value > 0 && value <= max)) {
      throw new InvalidConfigException(
          key + " must be greater than 0 and at most " + max + ", got " + value);
    }
    return value;
  }

  /** {@code 0 <= value <= max}. */
  static double nonNegativeAtMost(String key, double value, double max) {
    if (!(value >= 0 && value <= max)) {
      throw new InvalidConfigException(key + " must be between 0 and " + max + ", got " + value);
    }
    return value;
  }

  /** {@code 0 <= value < 1}. */
  static double fraction(String key, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new InvalidConfigException(key + " must be at least 0 and below 1, got " + value);
    }
    return value;
  }

  static <T extends Collection<?>> T nonEmptyAtMost(String key, T values, int max) {
    if (required(key, values).isEmpty() || values.size() > max) {
      throw new InvalidConfigException(
          key + " must have between 1 and " + max + " entries, got " + values.size());
    }
    if (values.stream().anyMatch(Objects::isNull)) {
      throw new InvalidConfigException(key + " must not contain null entries");
    }
    return values;
  }
}
