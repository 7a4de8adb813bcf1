package dev.lethe.operator;

import dev.lethe.operator.OperatorSettings.InvalidSettingException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * What picocli found wrong with the operator's command line and environment, as one message: a typo
 * in a Deployment should be fixed in one go, not one crash-looping restart per setting. A command
 * line that cannot be read (an unknown flag, a flag without its value) is reported alone; otherwise
 * every value that cannot be used is, one per line, in the order of the flags, each quoted as it
 * was written ({@code --http-port=x}, {@code --http-port x} or {@code LETHE_HTTP_PORT=x}) so that
 * the person finds it.
 */
final class SettingProblems {
  private SettingProblems() {}

  /**
   * @param parsed what picocli read, with the errors it collected
   * @param args the command line as it was given
   * @throws InvalidSettingException if anything was wrong
   */
  static void check(ParseResult parsed, EnvironmentDefaults env, String... args) {
    List<OptionSpec> options = parsed.commandSpec().options();
    Map<OptionSpec, String> problems = new LinkedHashMap<>();
    for (Exception error : parsed.errors()) {
      if (error instanceof ParameterException p
          && p.getCause() instanceof TypeConversionException refusal
          && p.getArgSpec() instanceof OptionSpec option) {
        problems.put(option, writtenAs(option, p.getValue(), args) + ": " + refusal.getMessage());
      } else {
        throw new InvalidSettingException(unreadable(error, options));
      }
    }
    for (OptionSpec option : options) {
      if (!parsed.hasMatchedOption(option) && !problems.containsKey(option)) {
        env.problem(option).ifPresent(problem -> problems.put(option, problem));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidSettingException(
          options.stream()
              .map(problems::get)
              .filter(Objects::nonNull)
              .collect(Collectors.joining("\n")));
    }
  }

  private static String writtenAs(OptionSpec option, String value, String[] args) {
    String joined = option.longestName() + "=" + value;
    return Arrays.asList(args).contains(joined) ? joined : option.longestName() + " " + value;
  }

  private static String unreadable(Exception error, List<OptionSpec> options) {
    if (error instanceof UnmatchedArgumentException unmatched
        && !unmatched.getUnmatched().isEmpty()) {
      String arg = unmatched.getUnmatched().get(0);
      if (!arg.startsWith("--")) {
        return "unexpected argument \""
            + arg
            + "\": flags are written --name value or --name=value";
      }
      return "unknown flag "
          + arg.replaceFirst("=.*", "")
          + "; known flags: "
          + options.stream()
              .filter(o -> !o.usageHelp() && !o.versionHelp())
              .map(OptionSpec::longestName)
              .collect(Collectors.joining(", "));
    }
    if (error instanceof MissingParameterException missing && !missing.getMissing().isEmpty()) {
      ArgSpec arg = missing.getMissing().get(0);
      String flag = arg instanceof OptionSpec option ? option.longestName() : arg.paramLabel();
      return flag + " needs a value: write " + flag + " VALUE or " + flag + "=VALUE";
    }
    return error.getMessage();
  }
}
