package dev.lethe.bench.operator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process's memory as Linux and its JVM see it: resident set now and at its peak ({@code VmRSS}
 * and {@code VmHWM} of /proc/PID/status, the kernel's own high-water mark, so no peak between two
 * samples is missed), and its heap and Metaspace ({@code jcmd PID GC.heap_info}).
 */
final class ProcessMemory {
  private static final Pattern GENERATION =
      Pattern.compile("generation\\s+total (\\d+)K, used (\\d+)K");
  private static final Pattern METASPACE =
      Pattern.compile("Metaspace\\s+used (\\d+)K, committed (\\d+)K");

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
   * CPU seconds of this JVM's child processes whose program is one of {@code programs} (etcd and
   * kube-apiserver, which kube-api-test starts): the share of the machine the control plane took.
   */
  static double childrenCpuSeconds(String... programs) {
    return ProcessHandle.current()
        .descendants()
        .filter(
            child ->
                child
                    .info()
                    .command()
                    .map(command -> Path.of(command).getFileName().toString())
                    .filter(name -> List.of(programs).contains(name))
                    .isPresent())
        .mapToDouble(child -> cpuSeconds(child.pid()))
        .sum();
  }

  /**
   * The JVM's memory as {@code jcmd PID GC.heap_info} shows it, in bytes: heap in use and committed
   * (young and old generation of the serial collector), and Metaspace in use and committed.
   */
  record Jvm(long heapUsed, long heapCommitted, long metaspaceUsed, long metaspaceCommitted) {}

  /**
   * The JVM's memory now; with {@code collectFirst}, after a full collection (the heap in use is
   * then the live set). Empty if jcmd could not tell.
   */
  static Optional<Jvm> jvm(long pid, boolean collectFirst) {
    try {
      if (collectFirst) {
        jcmd(pid, "GC.run");
      }
      String info = jcmd(pid, "GC.heap_info");
      Matcher generation = GENERATION.matcher(info);
      long used = 0;
      long committed = 0;
      boolean found = false;
      while (generation.find()) {
        committed += Long.parseLong(generation.group(1)) * 1024;
        used += Long.parseLong(generation.group(2)) * 1024;
        found = true;
      }
      Matcher metaspace = METASPACE.matcher(info);
      if (!found || !metaspace.find()) {
        return Optional.empty();
      }
      return Optional.of(
          new Jvm(
              used,
              committed,
              Long.parseLong(metaspace.group(1)) * 1024,
              Long.parseLong(metaspace.group(2)) * 1024));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
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
