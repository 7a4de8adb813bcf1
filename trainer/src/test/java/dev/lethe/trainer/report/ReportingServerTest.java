package dev.lethe.trainer.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.contract.ContractJson;
import dev.lethe.contract.MetricNames;
import dev.lethe.contract.Progress;
import dev.lethe.trainer.train.StepStats;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ReportingServerTest {
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void progressAndMetricsFollowTheSteps() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
    ProgressTracker tracker = new ProgressTracker(new TrainerMetrics(registry), null, 10, clock);
    try (ReportingServer server = ReportingServer.start("127.0.0.1", 0, registry, tracker)) {
      tracker.stage("unlearn");
      tracker.step(new StepStats(1, 4, 0.25, 1.5, 3.0, 0.5, 1e-4, 2.0, 1000, 0.5));
      tracker.step(new StepStats(2, 4, 0.5, 1.25, 2.5, 0.4, 1e-4, 1.5, 1000, 0.5));

      Progress progress = ContractJson.read(get(server.port(), "/progress").body(), Progress.class);
      String metrics = get(server.port(), "/metrics").body();

      assertThat(progress.stage()).isEqualTo("unlearn");
      assertThat(progress.step()).isEqualTo(2);
      assertThat(progress.totalSteps()).isEqualTo(4);
      assertThat(progress.percent()).isEqualTo(50);
      assertThat(progress.forgetLoss()).isEqualTo(2.5);
      assertThat(progress.tokensPerSecond()).isEqualTo(2000.0);
      assertThat(progress.etaSeconds()).isNotNull().isNotNegative();
      assertThat(progress.updatedAt()).isEqualTo(clock.instant());
      assertThat(metrics)
          .contains(
              "lethe_trainer_step 2.0",
              "lethe_trainer_progress_ratio 0.5",
              "lethe_trainer_tokens_total 2000.0")
          .contains(
              "lethe_trainer_loss{term=\"forget\"} 2.5", "lethe_trainer_loss{term=\"retain\"} 0.4");
      for (String name : MetricNames.TRAINER) {
        assertThat(metrics).as("exports %s", name).contains("\n" + name);
      }
    }
  }

  @Test
  void onlyGetIsServed() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ProgressTracker tracker =
        new ProgressTracker(new TrainerMetrics(registry), null, 10, Clock.systemUTC());
    try (ReportingServer server = ReportingServer.start("127.0.0.1", 0, registry, tracker)) {
      HttpResponse<String> post =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/progress"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(post.statusCode()).isEqualTo(405);
    }
  }

  @Test
  void etaOfAResumedRunCountsOnlyTheStepsThisProcessTook() {
    ProgressTracker tracker =
        new ProgressTracker(
            new TrainerMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)),
            null,
            10,
            Clock.systemUTC());

    tracker.step(new StepStats(5, 10, 2.5, 1.0, 1.0, null, 1e-4, 1.0, 100, 1.0));

    assertThat(tracker.progress().etaSeconds()).isBetween(4L, 6L);
  }

  @Test
  void theLogLineIsDense() {
    StepStats stats = new StepStats(120, 2000, 1.2, 1.234, 3.1, 0.52, 2e-5, 1.0, 5120, 1.0);

    assertThat(ProgressTracker.line(stats, 771))
        .isEqualTo(
            "step 120/2000 | loss 1.2340 (forget 3.100, retain 0.520) | lr 2.0e-05 | 1000 ms/step | 5,120 tok/s | eta 12m51s");
  }
}
