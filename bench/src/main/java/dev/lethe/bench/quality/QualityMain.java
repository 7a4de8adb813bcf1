package dev.lethe.bench.quality;

import static dev.lethe.bench.CommandLine.option;

import dev.lethe.bench.data.SyntheticBenchmark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The quality benchmark's command line.
 *
 * <pre>
 * quality [--quick] [--seed N] [--seeds N] [--results DIR] [--work DIR]
 *                                      the benchmark (make bench-quality); --seeds: unlearning
 *                                      runs per method, reported as mean and range (default 1)
 * data [--quick] [--seed N] --output DIR                      only the synthetic data, as JSONL
 * </pre>
 */
public final class QualityMain {
  static final long DEFAULT_SEED = 42;

  private QualityMain() {}

  public static void main(String[] args) throws Exception {
    // exec:exec passes the Makefile's ARGS as one argument: split it into words.
    List<String> rest =
        new ArrayList<>(
            Arrays.stream(args)
                .flatMap(a -> Arrays.stream(a.trim().split("\\s+")))
                .filter(a -> !a.isEmpty())
                .toList());
    String command = rest.isEmpty() ? "quality" : rest.remove(0);
    boolean quick = rest.remove("--quick");
    long seed = Long.parseLong(option(rest, "--seed", String.valueOf(DEFAULT_SEED)));
    int seeds = Integer.parseInt(option(rest, "--seeds", "1"));
    Path output = Path.of(option(rest, "--output", "benchmark-data"));
    Recipe recipe = quick ? Recipe.QUICK : Recipe.DEFAULT;
    Path results = Path.of(option(rest, "--results", "results"));
    Path work = Path.of(option(rest, "--work", "target/quality-" + recipe.name()));
    if (!rest.isEmpty()) {
      throw new IllegalArgumentException("unknown arguments " + rest);
    }
    switch (command) {
      case "data" -> {
        SyntheticBenchmark.generate(recipe.data(), seed).write(output);
        System.out.println("wrote the synthetic benchmark to " + output.toAbsolutePath());
      }
      case "quality" -> {
        long started = System.nanoTime();
        new QualityBenchmark(recipe, seed, seeds, work, System.out).run(results);
        System.out.printf(
            "wrote %s in %.0f s%n",
            results.resolve(ResultsTable.MARKDOWN).toAbsolutePath(),
            (System.nanoTime() - started) / 1e9);
      }
      default -> throw new IllegalArgumentException("unknown command " + command);
    }
  }
}
