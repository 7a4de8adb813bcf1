package dev.lethe.operator;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.TypeConversionException;

/**
 * The value of an operator flag that was not given: its environment variable, which is what a
 * Deployment sets, named after the flag ({@code --http-port}: {@code LETHE_HTTP_PORT}). A blank
 * variable counts as unset. A value the flag's converter refuses is not handed to picocli, which
 * would stop at the first; {@link #problem} reports it, so that every bad variable is named at
 * once.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {
  private final Map<String, String> env;

  EnvironmentDefaults(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** {@code LETHE_} and the flag's name in capitals, with {@code _} for {@code -}. */
  static String variable(OptionSpec option) {
    return "LETHE_"
        + option.longestName().replaceFirst("^--", "").toUpperCase(Locale.ROOT).replace('-', '_');
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (arg instanceof OptionSpec option && problem(option).isEmpty()) {
      return given(option).orElse(null);
    }
    return null;
  }

  /** What is wrong with the option's variable, quoted as it was set; empty if nothing is. */
  Optional<String> problem(OptionSpec option) {
    return given(option)
        .flatMap(
            value -> {
              try {
                for (ITypeConverter<?> converter : option.converters()) {
                  converter.convert(value);
                }
                return Optional.empty();
              } catch (TypeConversionException e) {
                return Optional.of(variable(option) + "=" + value + ": " + e.getMessage());
              } catch (Exception e) {
                return Optional.of(variable(option) + "=" + value + ": " + e);
              }
            });
  }

  private Optional<String> given(OptionSpec option) {
    if (option.usageHelp() || option.versionHelp()) {
      return Optional.empty();
    }
    return Optional.ofNullable(env.get(variable(option))).filter(value -> !value.isBlank());
  }
}
