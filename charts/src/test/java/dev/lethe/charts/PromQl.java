package dev.lethe.charts;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names a PromQL expression reads. */
final class PromQl {
  private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGES = Pattern.compile("\\[[^\\]]*]");
  private static final Pattern GROUPINGS =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Set<String> KEYWORDS =
      Set.of(
          "and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "inf", "nan");

  private PromQl() {}

  /**
   * Every identifier that is not a function (followed by a parenthesis), a keyword, a label in a
   * matcher or grouping, or a Grafana variable ({@code $__rate_interval}, {@code $job}).
   */
  static Set<String> metricNames(String expression) {
    String rest = STRINGS.matcher(expression).replaceAll(" ");
    rest = MATCHERS.matcher(rest).replaceAll(" ");
    rest = RANGES.matcher(rest).replaceAll(" ");
    rest = GROUPINGS.matcher(rest).replaceAll(" ");
    rest = rest.replaceAll("\\$\\w+", " ");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(rest);
    while (m.find()) {
      String word = m.group();
      boolean call = rest.substring(m.end()).stripLeading().startsWith("(");
      boolean number = m.start() > 0 && Character.isDigit(rest.charAt(m.start() - 1));
      if (!call && !number && !KEYWORDS.contains(word)) {
        names.add(word);
      }
    }
    return names;
  }
}
