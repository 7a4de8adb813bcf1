package dev.lethe.bench.operator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process's memory as Linux and its JVM see it: resident set now and at its peak ({@code VmRSS}
 * and {@code VmHWM} of /proc/PID/status, the kernel's own high-water mark, so no peak between two
 * samples is missed), and the heap in use ({@code jcmd PID GC.heap_info}).
 */
final class ProcessMemory {
  private static final Pattern GENERATION_USED =
      Pattern.compile("generation\\s+total \\d+K, used (\\d+)K");

  /** Clock ticks per second of /proc/PID/stat (USER_HZ, 100 on Linux). */
  private static final double TICKS = 100.0;

  private ProcessMemory() {}

  /** One reading of /proc/PID/status, in bytes. */
  record Resident(long now, long peak) {}

  static Resident resident(long pid) {
    try {
      List<String> status = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
      return new Resident(kib(status, "VmRSS:") * 1024, kib(status, "VmHWM:") * 1024);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long kib(List<String> status, String field) {
    return status.stream()
        .filter(line -> line.startsWith(field))
        .map(line -> line.substring(field.length()).trim().split("\\s+")[0])
        .mapToLong(Long::parseLong)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + field + " in /proc/PID/status"));
  }

  /** User and system CPU seconds of the process so far. */
  static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // Fields after the command name, which is in parentheses and may hold spaces.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Bytes of heap in use (young and old generation of the serial collector); empty if jcmd could
   * not tell. With {@code collectFirst}, after a full collection: the live set.
   */
  static OptionalLong heapUsed(long pid, boolean collectFirst) {
    try {
      if (collectFirst) {
        jcmd(pid, "GC.run");
      }
      Matcher used = GENERATION_USED.matcher(jcmd(pid, "GC.heap_info"));
      long total = 0;
      boolean found = false;
      while (used.find()) {
        total += Long.parseLong(used.group(1)) * 1024;
        found = true;
      }
      return found ? OptionalLong.of(total) : OptionalLong.empty();
    } catch (IOException e) {
      return OptionalLong.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalLong.empty();
    }
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    Process jcmd =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid),
                command)
            .redirectErrorStream(true)
            .start();
    String out = new String(jcmd.getInputStream().readAllBytes());
    if (!jcmd.waitFor(30, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
      throw new IOException("jcmd " + command + " failed: " + out);
    }
    return out;
  }
}
