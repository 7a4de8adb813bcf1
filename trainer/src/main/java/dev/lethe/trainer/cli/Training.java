package dev.lethe.trainer.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.lethe.contract.ContractJson;
import dev.lethe.contract.Result;
import dev.lethe.contract.TrainerConfig;
import dev.lethe.trainer.UnlearningRun;
import dev.lethe.trainer.report.ProgressTracker;
import dev.lethe.trainer.report.ReportingServer;
import dev.lethe.trainer.report.TrainerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the commands that train share: an unlearning job run, and how progress is reported. */
final class Training {
  private static final Logger LOG = LoggerFactory.getLogger(Training.class);

  private Training() {}

  /**
   * Runs one unlearning job, as {@code run} and {@code unlearn} both do, serving /metrics and
   * /progress on {@code bindAddress} while it trains.
   */
  static Result unlearn(TrainerConfig config, String bindAddress) throws IOException {
    LOG.info("job {}: {}", config.jobName(), ContractJson.write(config));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ProgressTracker tracker = tracker(registry);
    try (ReportingServer server =
            ReportingServer.start(bindAddress, config.reporting().port(), registry, tracker);
        NDManager manager = NDManager.newBaseManager()) {
      LOG.info("serving /metrics and /progress on {}:{}", bindAddress, server.port());
      Engine engine = Engine.getInstance();
      LOG.info(
          "training on {} with {} {} ({} CPU threads)",
          manager.getDevice(),
          engine.getEngineName(),
          engine.getVersion(),
          System.getProperty("ai.djl.pytorch.num_threads", "libtorch's default"));
      Result result = UnlearningRun.run(config, manager, tracker);
      LOG.info(
          "{} (exit {}): before {} after {}",
          result.message(),
          result.exitCode(),
          result.before(),
          result.after());
      return result;
    }
  }

  /** Progress every 10 s, and as a bar when a person watches the terminal. */
  static ProgressTracker tracker(MeterRegistry registry) {
    return new ProgressTracker(
        new TrainerMetrics(registry),
        System.console() != null ? System.out : null,
        10,
        Clock.systemUTC());
  }
}
