package dev.lethe.operator.status;

import dev.lethe.contract.Gate;
import dev.lethe.contract.Limits;
import dev.lethe.contract.Metric;
import dev.lethe.contract.Progress;
import dev.lethe.contract.Result;
import dev.lethe.contract.Result.GateOutcome;
import dev.lethe.operator.model.PodPaths;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the operator keeps of what a trainer pod reported (its result and its progress) before it
 * goes into a job's status, its Events and the operator's log: the contract's fields within {@link
 * Limits}, known metric names, finite numbers, an adapter path inside the output volume. Whoever
 * can read the status may not be allowed to read the job's data, and an image other than Lethe's
 * trainer can write anything. Pure.
 */
final class ReportBounds {
  private static final Set<String> METRICS =
      Arrays.stream(Metric.values()).map(Metric::key).collect(Collectors.toSet());

  private ReportBounds() {}

  static Result of(Result r) {
    return new Result(
        r.exitCode(),
        OneLine.of(r.message(), Limits.MAX_RESULT_MESSAGE),
        adapterPath(r.adapterPath()),
        metrics(r.before()),
        metrics(r.after()),
        gates(r.gates()),
        r.steps() == null || r.steps() < 0 ? null : r.steps(),
        finite(r.durationSeconds()));
  }

  static Progress of(Progress p) {
    return new Progress(
        OneLine.of(p.stage(), Limits.MAX_PROGRESS_STAGE),
        p.step(),
        p.totalSteps(),
        Double.isFinite(p.epoch()) ? p.epoch() : 0,
        finite(p.loss()),
        finite(p.forgetLoss()),
        finite(p.retainLoss()),
        finite(p.learningRate()),
        finite(p.tokensPerSecond()),
        p.etaSeconds(),
        p.updatedAt());
  }

  /** Relative to the output volume, as the contract has it, and never outside it. */
  static String adapterPath(String path) {
    if (path == null || path.isBlank() || path.length() > Limits.MAX_ADAPTER_PATH) {
      return null;
    }
    Path output = Path.of(PodPaths.OUTPUT);
    Path resolved = output.resolve(path).normalize();
    if (!resolved.startsWith(output) || resolved.equals(output)) {
      return null;
    }
    return OneLine.of(output.relativize(resolved).toString(), Limits.MAX_ADAPTER_PATH);
  }

  private static Map<String, Double> metrics(Map<String, Double> values) {
    Map<String, Double> kept = new LinkedHashMap<>();
    values.forEach(
        (name, value) -> {
          if (METRICS.contains(name) && value != null && Double.isFinite(value)) {
            kept.put(name, value);
          }
        });
    return kept;
  }

  /** Gates with finite bounds; a value that is not a number (none could be measured) is null. */
  private static List<GateOutcome> gates(List<GateOutcome> gates) {
    return gates.stream()
        .filter(g -> g != null && g.gate() != null && finiteBounds(g.gate()))
        .limit(Limits.MAX_GATES)
        .map(g -> new GateOutcome(g.gate(), finite(g.value()), g.passed()))
        .toList();
  }

  private static boolean finiteBounds(Gate gate) {
    return Stream.of(gate.min(), gate.max(), gate.minRatio())
        .allMatch(v -> v == null || Double.isFinite(v));
  }

  private static Double finite(Double value) {
    return value == null || !Double.isFinite(value) ? null : value;
  }
}
