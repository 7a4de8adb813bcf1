package dev.lethe.charts.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile read the way the builder reads it, as far as the images' tests need: comment lines
 * dropped (also inside a continued instruction), backslash continuations joined, instructions
 * grouped into stages, and build arguments and environment variables substituted.
 */
record Dockerfile(Path path, Map<String, String> globalArgs, List<Stage> stages) {

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");

  /** One instruction: its keyword in upper case, its {@code --flag=value}s, and the rest. */
  record Instruction(String keyword, Map<String, String> flags, String arguments) {}

  /** A stage: its base image, its name ({@code FROM image AS name}) if any, its instructions. */
  record Stage(String image, String name, List<Instruction> instructions) {

    List<Instruction> all(String keyword) {
      return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    /** The COPY instructions that take their sources from the build context. */
    List<Copy> contextCopies() {
      return copies().stream().filter(c -> c.from() == null).toList();
    }

    List<Copy> copies() {
      return all("COPY").stream()
          .map(
              i -> {
                List<String> words = List.of(i.arguments().trim().split("\\s+"));
                return new Copy(
                    i.flags().get("from"),
                    words.subList(0, words.size() - 1),
                    words.get(words.size() - 1));
              })
          .toList();
    }
  }

  /** A COPY: {@code from} is a stage name, or null for the build context. */
  record Copy(String from, List<String> sources, String destination) {}

  static Dockerfile read(Path path) throws IOException {
    Map<String, String> globalArgs = new LinkedHashMap<>();
    List<Stage> stages = new ArrayList<>();
    List<Instruction> current = null;
    for (String line : logicalLines(Files.readAllLines(path))) {
      Instruction instruction = instruction(line);
      if (instruction.keyword().equals("FROM")) {
        String[] words = instruction.arguments().trim().split("\\s+");
        String name = words.length == 3 && words[1].equalsIgnoreCase("AS") ? words[2] : null;
        current = new ArrayList<>();
        stages.add(new Stage(words[0], name, current));
      } else if (current == null) {
        if (!instruction.keyword().equals("ARG")) {
          throw new IllegalStateException(path + ": only ARG may come before FROM: " + line);
        }
        String[] arg = instruction.arguments().trim().split("=", 2);
        globalArgs.put(arg[0], arg.length == 2 ? arg[1] : null);
      } else {
        current.add(instruction);
      }
    }
    return new Dockerfile(path, globalArgs, stages);
  }

  /** The stage the image is made of: the last one. */
  Stage finalStage() {
    return stages.get(stages.size() - 1);
  }

  Optional<Stage> stage(String name) {
    return stages.stream().filter(s -> name.equals(s.name())).findFirst();
  }

  /**
   * The build arguments and environment variables of a stage after all its instructions, values
   * substituted: an ARG without a default inherits the global one, ENV overrides ARG.
   */
  Map<String, String> variables(Stage stage) {
    Map<String, String> variables = new LinkedHashMap<>();
    for (Instruction instruction : stage.instructions()) {
      if (instruction.keyword().equals("ARG")) {
        String[] arg = instruction.arguments().trim().split("=", 2);
        String value = arg.length == 2 ? arg[1] : globalArgs.get(arg[0]);
        if (value != null) {
          variables.put(arg[0], substitute(value, variables));
        }
      } else if (instruction.keyword().equals("ENV")) {
        keyValues(instruction.arguments())
            .forEach((key, value) -> variables.put(key, substitute(value, variables)));
      }
    }
    return variables;
  }

  /** The stage's ENV variables alone, substituted. */
  Map<String, String> environment(Stage stage) {
    Map<String, String> all = variables(stage);
    Map<String, String> environment = new LinkedHashMap<>();
    stage
        .all("ENV")
        .forEach(
            i -> keyValues(i.arguments()).keySet().forEach(k -> environment.put(k, all.get(k))));
    return environment;
  }

  /** {@code ${NAME}} and {@code $NAME} replaced where NAME is known; others left as written. */
  static String substitute(String text, Map<String, String> variables) {
    Matcher matcher = VARIABLE.matcher(text);
    StringBuilder result = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
      String value = variables.getOrDefault(name, matcher.group());
      matcher.appendReplacement(result, Matcher.quoteReplacement(value));
    }
    return matcher.appendTail(result).toString();
  }

  /** {@code KEY=value KEY2="a value"}, as ENV and LABEL write them. */
  static Map<String, String> keyValues(String arguments) {
    Map<String, String> pairs = new LinkedHashMap<>();
    Matcher matcher =
        Pattern.compile("([\\w.\\-]+)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S*)").matcher(arguments);
    int end = 0;
    while (matcher.find()) {
      if (!arguments.substring(end, matcher.start()).isBlank()) {
        throw new IllegalArgumentException("not KEY=value pairs: " + arguments);
      }
      String value = matcher.group(2);
      if (value.startsWith("\"")) {
        value = value.substring(1, value.length() - 1).replaceAll("\\\\(.)", "$1");
      }
      pairs.put(matcher.group(1), value);
      end = matcher.end();
    }
    if (!arguments.substring(end).isBlank()) {
      throw new IllegalArgumentException("not KEY=value pairs: " + arguments);
    }
    return pairs;
  }

  /** Comment and blank lines out, continuations joined as the builder joins them. */
  private static List<String> logicalLines(List<String> lines) {
    List<String> logical = new ArrayList<>();
    StringBuilder pending = null;
    for (String raw : lines) {
      String line = raw.stripTrailing();
      if (line.isBlank() || line.stripLeading().startsWith("#")) {
        continue;
      }
      boolean continues = line.endsWith("\\");
      String text = continues ? line.substring(0, line.length() - 1) : line;
      pending = pending == null ? new StringBuilder(text) : pending.append(text);
      if (!continues) {
        logical.add(pending.toString().strip());
        pending = null;
      }
    }
    if (pending != null) {
      throw new IllegalStateException("the last instruction ends with a continuation");
    }
    return logical;
  }

  private static Instruction instruction(String line) {
    String[] words = line.split("\\s+", 2);
    String rest = words.length == 2 ? words[1] : "";
    Map<String, String> flags = new LinkedHashMap<>();
    Matcher flag = Pattern.compile("^--([\\w-]+)=(\\S+)\\s+").matcher(rest);
    while (flag.find()) {
      flags.put(flag.group(1), flag.group(2));
      rest = rest.substring(flag.end());
      flag = flag.reset(rest);
    }
    return new Instruction(words[0].toUpperCase(Locale.ROOT), flags, rest);
  }
}
