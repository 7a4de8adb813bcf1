package dev.lethe.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The machine a benchmark ran on, written beside its figures: the same code and seed give other
 * numbers on another CPU (float reductions in another order), so a figure without its machine
 * cannot be compared.
 *
 * @param cpu the CPU's model name, as the kernel reports it
 * @param cores the cores the JVM may use
 * @param memoryGib the machine's memory
 * @param libtorchThreads the intra-op threads the benchmark gives libtorch
 */
public record Machine(
    String cpu, int cores, double memoryGib, String os, String java, String libtorchThreads) {

  /** This machine. */
  public static Machine current() {
    return new Machine(
        cpuModel(lines(Path.of("/proc/cpuinfo"))),
        Runtime.getRuntime().availableProcessors(),
        memoryGib(lines(Path.of("/proc/meminfo"))),
        System.getProperty("os.name") + " " + System.getProperty("os.arch"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
        System.getProperty("ai.djl.pytorch.num_threads", "libtorch's default"));
  }

  /** One line for a results file. */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "%s, %d cores, %.1f GiB, %s, %s, %s libtorch threads",
        cpu,
        cores,
        memoryGib,
        os,
        java,
        libtorchThreads);
  }

  /** The first {@code model name} of {@code /proc/cpuinfo}; "unknown CPU" without one. */
  static String cpuModel(List<String> cpuinfo) {
    return cpuinfo.stream()
        .filter(line -> line.startsWith("model name"))
        .map(line -> line.substring(line.indexOf(':') + 1).trim())
        .findFirst()
        .orElse("unknown CPU");
  }

  /** {@code MemTotal} of {@code /proc/meminfo} in GiB; 0 without it. */
  static double memoryGib(List<String> meminfo) {
    return meminfo.stream()
        .filter(line -> line.startsWith("MemTotal:"))
        .map(line -> line.replaceAll("[^0-9]", ""))
        .mapToDouble(kib -> Long.parseLong(kib) / (1024.0 * 1024.0))
        .findFirst()
        .orElse(0);
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      return List.of(); // not Linux: the figure says unknown rather than failing the benchmark
    }
  }
}
