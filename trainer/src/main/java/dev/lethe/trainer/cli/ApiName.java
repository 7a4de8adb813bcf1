package dev.lethe.trainer.cli;

import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * An enum flag's value in the API's spelling (SimNPO, qa, q_proj) or the constant's, in any case
 * and with or without {@code -} and {@code _}: what a person copies from a job's YAML works.
 */
final class ApiName<E extends Enum<E>> implements ITypeConverter<E> {
  private final Class<E> type;

  ApiName(Class<E> type) {
    this.type = type;
  }

  @Override
  public E convert(String value) {
    String wanted = comparable(value);
    for (E e : type.getEnumConstants()) {
      if (comparable(e.toString()).equals(wanted) || comparable(e.name()).equals(wanted)) {
        return e;
      }
    }
    throw new TypeConversionException(
        "must be one of " + Arrays.toString(type.getEnumConstants()) + ", got '" + value + "'");
  }

  private static String comparable(String name) {
    return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
  }
}
