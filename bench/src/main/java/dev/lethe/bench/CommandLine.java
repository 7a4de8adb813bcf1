package dev.lethe.bench;

import java.util.List;

/** The benchmarks' options, written {@code --name value}. */
public final class CommandLine {
  private CommandLine() {}

  /**
   * The value after {@code name} in {@code args}, both removed from it so that what is left can be
   * checked for unknown options; {@code fallback} when the option is not given.
   */
  public static String option(List<String> args, String name, String fallback) {
    int i = args.indexOf(name);
    if (i < 0) {
      return fallback;
    }
    if (i + 1 >= args.size()) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    String value = args.get(i + 1);
    args.subList(i, i + 2).clear();
    return value;
  }
}
