package dev.lethe.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.api.v1alpha1.CrdFiles;
import dev.lethe.contract.MetricNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Grafana dashboard the chart ships: its panels, and every metric they query is exported. */
class DashboardTest {
  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*\\w+\\)");

  @Test
  void everyQueryReadsOnlyMetricsTheOperatorOrTheTrainerExports() throws Exception {
    Set<String> exported = new HashSet<>(MetricNames.OPERATOR);
    exported.addAll(MetricNames.TRAINER);
    List<String> queries = queries(dashboard());

    assertThat(queries).hasSizeGreaterThan(15);
    for (String query : queries) {
      assertThat(PromQl.metricNames(query)).as(query).isNotEmpty();
      assertThat(exported).as(query).containsAll(PromQl.metricNames(query));
    }
  }

  @Test
  void thePanelsCoverJobsTrainingAndTheOperator() throws Exception {
    List<String> titles = new ArrayList<>();
    dashboard().path("panels").forEach(p -> titles.add(p.path("title").asText()));

    assertThat(titles)
        .contains(
            "Jobs by state over time",
            "Active jobs",
            "Job duration (p50, p90)",
            "Progress",
            "Time left",
            "Forget loss",
            "Retain loss",
            "Tokens per second",
            "Reconciles",
            "Ready replicas");
  }

  static JsonNode dashboard() throws Exception {
    return new ObjectMapper()
        .readTree(CrdFiles.repositoryRoot().resolve("charts/lethe/dashboards/lethe.json").toFile());
  }

  /** Every panel's expressions, and the series the template variables read. */
  private static List<String> queries(JsonNode dashboard) {
    List<String> queries = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      panel.path("targets").forEach(t -> queries.add(t.path("expr").asText()));
    }
    for (JsonNode variable : dashboard.at("/templating/list")) {
      Matcher m = LABEL_VALUES.matcher(variable.at("/query/query").asText());
      if (m.matches()) {
        queries.add(m.group(1));
      }
    }
    return queries;
  }
}
