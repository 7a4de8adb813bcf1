package dev.lethe.trainer.cli;

import dev.lethe.contract.InvalidConfigException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@code --name value} pairs of one subcommand; unknown, repeated or valueless flags are errors.
 */
final class Flags {
  private final String command;
  private final Map<String, String> values;

  private Flags(String command, Map<String, String> values) {
    this.command = command;
    this.values = values;
  }

  static Flags parse(String command, List<String> args, Set<String> allowed) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg.startsWith("--") ? arg.substring(2) : null;
      if (name == null || !allowed.contains(name)) {
        throw new InvalidConfigException(
            command
                + ": unknown argument '"
                + arg
                + "'; allowed: --"
                + String.join(", --", new TreeSet<>(allowed)));
      }
      if (i + 1 >= args.size()) {
        throw new InvalidConfigException(command + ": --" + name + " needs a value");
      }
      if (values.put(name, args.get(++i)) != null) {
        throw new InvalidConfigException(command + ": --" + name + " is given twice");
      }
    }
    return new Flags(command, values);
  }

  String required(String name) {
    String value = values.get(name);
    if (value == null) {
      throw new InvalidConfigException(command + ": --" + name + " is required");
    }
    return value;
  }

  String text(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  int integer(String name, int fallback) {
    return number(name, fallback, Integer::parseInt);
  }

  double decimal(String name, double fallback) {
    return number(name, fallback, Double::parseDouble);
  }

  /** A number the user may leave out; null when they did. */
  <T> T optional(String name, Function<String, T> parse) {
    return values.containsKey(name) ? number(name, null, parse) : null;
  }

  private <T> T number(String name, T fallback, Function<String, T> parse) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return parse.apply(value);
    } catch (RuntimeException e) {
      throw new InvalidConfigException(
          command + ": --" + name + " must be a number, got '" + value + "'");
    }
  }
}
