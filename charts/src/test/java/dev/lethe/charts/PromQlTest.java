package dev.lethe.charts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {
  @Test
  void theMetricNamesOfAnExpressionAreFoundAndNothingElse() {
    assertThat(
            PromQl.metricNames(
                "sum by (namespace, method) (increase(lethe_jobs_total{result!=\"Completed\"}[10m]))"
                    + " > 0 and on (pod) lethe_trainer_progress_ratio < 1e3 or absent(up{job=\"x\"})"
                    + " / rate(lethe_trainer_tokens_total[$__rate_interval])"))
        .containsExactly(
            "lethe_jobs_total", "lethe_trainer_progress_ratio", "lethe_trainer_tokens_total", "up");
  }
}
