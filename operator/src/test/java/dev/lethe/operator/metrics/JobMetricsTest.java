package dev.lethe.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.api.v1alpha1.JobDocument;
import dev.lethe.api.v1alpha1.UnlearningJob;
import dev.lethe.api.v1alpha1.UnlearningJobStatus;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobMetricsTest {
  static final Instant NOW = Instant.parse("2026-11-30T11:00:00Z");

  @Test
  void activeJobsAreCountedByStateAndTheOldestWaitingOneIsMeasured() {
    String scrape =
        scrape(
            job("new", "2026-11-30T10:00:00Z", null, null),
            job("missing-input", "2026-11-30T10:20:00Z", "Unknown", "MissingInput"),
            job("running", "2026-11-30T09:00:00Z", "Unknown", "Running"),
            job("suspended", "2026-11-30T08:00:00Z", "Unknown", "Suspended"),
            job("done", "2026-11-30T07:00:00Z", "True", "Completed"));

    assertThat(scrape)
        .contains("lethe_jobs_waiting_oldest_seconds{method=\"SimNPO\",namespace=\"ml\"} 3600.0")
        .contains("lethe_jobs_active{method=\"SimNPO\",namespace=\"ml\",state=\"pending\"} 2.0")
        .contains("lethe_jobs_active{method=\"SimNPO\",namespace=\"ml\",state=\"suspended\"} 1.0")
        .contains("lethe_jobs_active{method=\"SimNPO\",namespace=\"ml\",state=\"running\"} 1.0");
  }

  @Test
  void withNothingWaitingTheAgeIsZero() {
    String scrape = scrape(job("running", "2026-11-30T09:00:00Z", "Unknown", "Running"));

    assertThat(scrape)
        .contains("lethe_jobs_waiting_oldest_seconds{method=\"SimNPO\",namespace=\"ml\"} 0.0");
  }

  /** What the metrics of these jobs, all seen and counted, scrape as at {@link #NOW}. */
  static String scrape(UnlearningJob... jobs) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    JobMetrics metrics =
        new JobMetrics(registry, "unlearningjob", Clock.fixed(NOW, ZoneOffset.UTC));
    List<UnlearningJob> all = List.of(jobs);
    metrics.countActiveFrom(all::stream);
    all.forEach(metrics::seen);
    return registry.scrape();
  }

  /** A SimNPO job in ml created at {@code created}, its Succeeded condition as given (or none). */
  static UnlearningJob job(String name, String created, String succeeded, String reason) {
    UnlearningJob job =
        Serialization.unmarshal(
            Serialization.asYaml(JobDocument.minimal().toResource()), UnlearningJob.class);
    job.getMetadata().setName(name);
    job.getMetadata().setNamespace("ml");
    job.getMetadata().setCreationTimestamp(created);
    if (succeeded != null) {
      job.setStatus(
          new UnlearningJobStatus(
              1L,
              List.of(
                  new ConditionBuilder()
                      .withType("Succeeded")
                      .withStatus(succeeded)
                      .withReason(reason)
                      .build()),
              null,
              null,
              null,
              null,
              null,
              null,
              null));
    }
    return job;
  }
}
