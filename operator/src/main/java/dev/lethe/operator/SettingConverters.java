package dev.lethe.operator;

import dev.lethe.operator.status.DurationText;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * How each operator setting is read from text, for picocli. A flag's value and its environment
 * variable's go through the same converter, so both are held to the same rules; a refusal says what
 * is allowed, and {@link SettingProblems} puts the value as it was written in front of it. Values
 * are trimmed first: a variable from a YAML block often ends with a newline.
 */
final class SettingConverters {
  private static final Pattern DNS_1123_LABEL =
      Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  private static final String EXPECTED_LABEL =
      "lowercase letters, digits and '-', 1 to 63 characters, starting and ending with a letter or"
          + " digit";

  private SettingConverters() {}

  /** A container image reference: non-empty and without spaces. */
  static final class Image implements ITypeConverter<String> {
    @Override
    public String convert(String text) {
      String value = text.strip();
      if (value.isEmpty() || value.chars().anyMatch(Character::isWhitespace)) {
        throw new TypeConversionException(
            "expected a container image like registry.example.com/lethe-trainer:0.1.0, without"
                + " spaces");
      }
      return value;
    }
  }

  /**
   * The namespaces to watch, as one value: picocli would treat a {@code Set} option as one that
   * repeats, and the operator takes the last {@code --namespaces} as it takes the last of any flag.
   */
  record NamespaceList(Set<String> names) {}

  /** Comma-separated, ignoring spaces, empty items and repeats; none means all namespaces. */
  static final class Namespaces implements ITypeConverter<NamespaceList> {
    @Override
    public NamespaceList convert(String text) {
      Set<String> namespaces = new LinkedHashSet<>();
      for (String item : text.strip().split(",", -1)) {
        String namespace = item.strip();
        if (namespace.isEmpty()) {
          continue;
        }
        if (!DNS_1123_LABEL.matcher(namespace).matches()) {
          throw new TypeConversionException(
              "\"" + namespace + "\" is not a namespace name: expected " + EXPECTED_LABEL);
        }
        namespaces.add(namespace);
      }
      return new NamespaceList(namespaces);
    }
  }

  /**
   * A namespace name, or nothing: an empty value means the default, so a flag can undo a variable
   * set in the Deployment.
   */
  static final class OptionalNamespace implements ITypeConverter<String> {
    @Override
    public String convert(String text) {
      String value = text.strip();
      if (value.isEmpty()) {
        return null;
      }
      return label(value, "expected a namespace name: ");
    }
  }

  static final class LeaseName implements ITypeConverter<String> {
    @Override
    public String convert(String text) {
      return label(text.strip(), "expected a Lease name: ");
    }
  }

  static final class TrueOrFalse implements ITypeConverter<Boolean> {
    @Override
    public Boolean convert(String text) {
      String value = text.strip();
      if (value.equalsIgnoreCase("true")) {
        return true;
      }
      if (value.equalsIgnoreCase("false")) {
        return false;
      }
      throw new TypeConversionException("expected true or false");
    }
  }

  static final class Port implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String text) {
      try {
        int port = Integer.parseInt(text.strip());
        if (port >= 0 && port <= 65535) {
          return port;
        }
      } catch (NumberFormatException e) {
        // refused below, like a number out of range
      }
      throw new TypeConversionException("expected a port from 1 to 65535, or 0 for any free port");
    }
  }

  /** How often a running trainer's progress is read. */
  static final class PollInterval extends BoundedDuration {
    PollInterval() {
      super(Duration.ofMillis(100), Duration.ofHours(1));
    }
  }

  /** How long a trainer pod may hold its node without starting. */
  static final class StartDeadline extends BoundedDuration {
    StartDeadline() {
      super(Duration.ofSeconds(1), Duration.ofHours(168));
    }
  }

  /** {@code 500ms}, {@code 15s}, {@code 2m}, {@code 1h} (any case) or ISO-8601 like PT15S. */
  abstract static class BoundedDuration implements ITypeConverter<Duration> {
    private final Duration min;
    private final Duration max;

    BoundedDuration(Duration min, Duration max) {
      this.min = min;
      this.max = max;
    }

    @Override
    public Duration convert(String text) {
      Duration duration = duration(text.strip());
      if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
        throw new TypeConversionException(
            "expected at least " + DurationText.of(min) + " and at most " + DurationText.of(max));
      }
      return duration;
    }

    private static Duration duration(String value) {
      Matcher simple = SHORT_DURATION.matcher(value.toLowerCase(Locale.ROOT));
      if (simple.matches()) {
        String digits = simple.group(1).replaceFirst("^0+(?=.)", "");
        if (digits.length() > 9) {
          // 10^9 of even the smallest unit is days: far above any bound, and it cannot overflow.
          return ChronoUnit.FOREVER.getDuration();
        }
        long amount = Long.parseLong(digits);
        return switch (simple.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          default -> Duration.ofHours(amount);
        };
      }
      if (value.startsWith("P") || value.startsWith("p")) {
        try {
          return Duration.parse(value);
        } catch (DateTimeParseException e) {
          // refused below like any other unreadable value
        }
      }
      throw new TypeConversionException("expected a duration like 15s, 500ms, 2m or PT15S");
    }
  }

  private static String label(String value, String expected) {
    if (!DNS_1123_LABEL.matcher(value).matches()) {
      throw new TypeConversionException(expected + EXPECTED_LABEL);
    }
    return value;
  }
}
