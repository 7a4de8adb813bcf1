package dev.lethe.local.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a kubelet reports as a terminated container's message: the termination-message file (at most
 * 4096 bytes), or, with {@code FallbackToLogsOnError}, when the container failed and the file is
 * empty, the last 80 lines of its log (at most 2048 bytes).
 */
final class TerminationMessage {
  static final int FILE_LIMIT = 4096;
  static final int LOG_LINES = 80;
  static final int LOG_LIMIT = 2048;

  private TerminationMessage() {}

  static String read(Path file, Path log, String policy, int exitCode) {
    String message = start(file, FILE_LIMIT);
    if (message.isEmpty() && exitCode != 0 && "FallbackToLogsOnError".equals(policy)) {
      String logTail = start(log, Long.MAX_VALUE);
      List<String> lines = logTail.lines().toList();
      String last =
          String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size()));
      byte[] bytes = last.getBytes(StandardCharsets.UTF_8);
      message =
          bytes.length <= LOG_LIMIT
              ? last
              : new String(bytes, bytes.length - LOG_LIMIT, LOG_LIMIT, StandardCharsets.UTF_8);
    }
    return message;
  }

  /** The first {@code limit} bytes of a file; empty when it cannot be read. */
  private static String start(Path file, long limit) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      int length = (int) Math.min(bytes.length, limit);
      return new String(bytes, 0, length, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
