package dev.lethe.operator.status;

/**
 * Text as the operator shows it to people (conditions, Events, the trainer's message): one line,
 * control characters as spaces, at most so many characters, cut with {@code " ..."}. Pure.
 */
public final class OneLine {
  private static final String CUT = " ...";

  /** What a condition message or an Event note may hold (events.k8s.io caps notes at 1 KiB). */
  public static final int MAX_MESSAGE = 1024;

  private OneLine() {}

  /** {@code text} on one line of at most {@code max} characters; null stays null. */
  public static String of(String text, int max) {
    if (text == null) {
      return null;
    }
    String line =
        text.codePoints()
            .map(c -> Character.isISOControl(c) ? ' ' : c)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
    if (line.length() <= max) {
      return line;
    }
    int end = max - CUT.length();
    if (Character.isLowSurrogate(line.charAt(end))) {
      end--; // not half a character
    }
    return line.substring(0, end) + CUT;
  }
}
