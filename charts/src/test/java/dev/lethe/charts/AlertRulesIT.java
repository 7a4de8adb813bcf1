package dev.lethe.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.lethe.contract.MetricNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's alert rules as rendered: valid for promtool, firing (and not firing) as their unit
 * tests expect, and reading only metrics Lethe exports (or Prometheus's own {@code up}).
 */
class AlertRulesIT {
  @TempDir Path dir;

  @Test
  void promtoolAcceptsTheRulesAndTheirUnitTestsPass() throws Exception {
    Path rules = writeRules();
    Files.copy(
        Path.of(AlertRulesIT.class.getResource("/alert-rules-test.yaml").toURI()),
        dir.resolve("alert-rules-test.yaml"));

    Tools.Run check = Tools.run(List.of("promtool", "check", "rules", rules.toString()), null);
    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.out()).contains("SUCCESS: 6 rules found");

    Tools.Run test =
        Tools.run(
            List.of("promtool", "test", "rules", dir.resolve("alert-rules-test.yaml").toString()),
            null);
    assertThat(test.exitCode()).as(test.output()).isZero();
    assertThat(test.out()).contains("SUCCESS");
  }

  @Test
  void everyRuleReadsOnlyExportedMetrics() throws Exception {
    Set<String> exported = new HashSet<>(MetricNames.OPERATOR);
    exported.addAll(MetricNames.TRAINER);
    exported.add("up");
    Set<String> alerts = new HashSet<>();
    for (JsonNode rule : groups().get(0).path("rules")) {
      alerts.add(rule.path("alert").asText());
      assertThat(exported)
          .as(rule.path("alert").asText())
          .containsAll(PromQl.metricNames(rule.path("expr").asText()));
    }
    assertThat(alerts)
        .containsExactlyInAnyOrder(
            "LetheJobFailed",
            "LetheJobPendingTooLong",
            "LetheTrainerStalled",
            "LetheOperatorDown",
            "LetheOperatorNotReady",
            "LetheReconcileErrors");
  }

  @Test
  void thresholdsComeFromTheValues() throws Exception {
    Rendered r =
        Rendered.parse(
            Tools.template(
                    "metrics.prometheusRule.enabled=true",
                    "metrics.prometheusRule.pendingSeconds=600",
                    "metrics.prometheusRule.stalledFor=2h")
                .out());
    String rules = r.one("PrometheusRule", "lethe").toString();

    assertThat(rules).contains("(lethe_jobs_waiting_oldest_seconds) > 600", "\"for\":\"2h\"");
  }

  private JsonNode groups() throws Exception {
    Tools.Run template = Tools.template("metrics.prometheusRule.enabled=true");
    assertThat(template.exitCode()).as(template.err()).isZero();
    return Rendered.parse(template.out()).one("PrometheusRule", "lethe").at("/spec/groups");
  }

  /** The rendered rule groups as a plain Prometheus rules file, beside the unit tests. */
  private Path writeRules() throws Exception {
    Path rules = dir.resolve("rules.yaml");
    new YAMLMapper()
        .writeValue(rules.toFile(), JsonNodeFactory.instance.objectNode().set("groups", groups()));
    return rules;
  }
}
