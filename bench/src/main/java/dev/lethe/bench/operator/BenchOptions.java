package dev.lethe.bench.operator;

import static dev.lethe.bench.CommandLine.option;

import dev.lethe.api.v1alpha1.CrdFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What {@code make bench-operator ARGS='...'} may set.
 *
 * <pre>
 * --jobs N              UnlearningJobs in the backlog (default 1000)
 * --namespaces N        namespaces they are spread over, with the inputs in each (default 10)
 * --restart-wait SECS   how long the restarted operator is watched once ready (default 30)
 * --timeout SECS        how long to wait for every job to be Pending before giving up (default 300)
 * --results DIR         where operator.md and operator.json go (default results)
 * --work DIR            the control plane's files, the audit log, the operator's logs
 *                       (default target/operator-bench)
 * </pre>
 *
 * @param operatorJar the operator as it ships: its jar, whose manifest names target/lib/
 */
record BenchOptions(
    int jobs,
    int namespaces,
    Duration restartWait,
    Duration timeout,
    Path results,
    Path work,
    Path operatorJar) {

  static final String OPERATOR_JAR_PROPERTY = "lethe.operator.jar";

  BenchOptions {
    if (jobs < 1 || namespaces < 1 || namespaces > jobs) {
      throw new IllegalArgumentException(
          "need at least one job and one namespace, and no more namespaces than jobs");
    }
  }

  static BenchOptions parse(String... args) {
    // exec:exec passes the Makefile's ARGS as one argument: split it into words.
    List<String> rest =
        new ArrayList<>(
            Arrays.stream(args)
                .flatMap(a -> Arrays.stream(a.trim().split("\\s+")))
                .filter(a -> !a.isEmpty())
                .toList());
    int jobs = Integer.parseInt(option(rest, "--jobs", "1000"));
    int namespaces = Integer.parseInt(option(rest, "--namespaces", "10"));
    Duration restartWait = Duration.ofSeconds(Long.parseLong(option(rest, "--restart-wait", "30")));
    Duration timeout = Duration.ofSeconds(Long.parseLong(option(rest, "--timeout", "300")));
    Path results = Path.of(option(rest, "--results", "results"));
    Path work = Path.of(option(rest, "--work", "target/operator-bench"));
    if (!rest.isEmpty()) {
      throw new IllegalArgumentException("unknown arguments " + rest);
    }
    return new BenchOptions(
        jobs, namespaces, restartWait, timeout, results, work, builtOperatorJar());
  }

  /** The jar the build names, else the one under the repository's operator/target/. */
  private static Path builtOperatorJar() {
    String named = System.getProperty(OPERATOR_JAR_PROPERTY);
    Path jar =
        named != null && !named.isBlank()
            ? Path.of(named)
            : CrdFiles.repositoryRoot().resolve("operator/target/lethe-operator.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " does not exist: build the operator first (make bench-operator does)");
    }
    return jar;
  }
}
