package dev.lethe.operator;

import dev.lethe.operator.metrics.JobMetrics;
import dev.lethe.operator.reconciler.UnlearningJobReconciler;
import dev.lethe.operator.status.StartDeadline;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetricsV2;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator, assembled: one controller for UnlearningJobs on the Java Operator SDK, with the
 * SDK's Micrometer metrics beside Lethe's own, and leader election on a Lease when asked for.
 */
public final class LetheOperator implements AutoCloseable {
  /** How long a stopping operator lets running reconciles finish. */
  static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

  /**
   * Reconciles at once (the SDK's default is 50, and as many again for workflows). A reconcile
   * mostly waits for the API server; 16 keep two cores busy through a backlog, and each thread
   * costs resident memory (make bench-operator).
   */
  static final int RECONCILE_THREADS = 16;

  private static final Logger LOG = LoggerFactory.getLogger(LetheOperator.class);

  private final Operator operator;
  private final UnlearningJobReconciler reconciler;
  private final Runnable onLostLeadership;
  private volatile boolean closing;

  /**
   * @param identity who this replica is (its pod name): the Lease holder and the Events' reporter
   */
  public LetheOperator(
      OperatorSettings settings, KubernetesClient client, MeterRegistry registry, String identity) {
    this(settings, client, registry, identity, () -> {});
  }

  /**
   * @param onLostLeadership what the process does once this replica lost its Lease, after it has
   *     stopped reconciling (Main exits, and the Deployment starts a replica that waits its turn)
   */
  public LetheOperator(
      OperatorSettings settings,
      KubernetesClient client,
      MeterRegistry registry,
      String identity,
      Runnable onLostLeadership) {
    this.onLostLeadership = onLostLeadership;
    this.operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withMetrics(MicrometerMetricsV2.newBuilder(registry).build())
                  .withReconciliationTerminationTimeout(SHUTDOWN_GRACE)
                  .withConcurrentReconciliationThreads(RECONCILE_THREADS)
                  .withConcurrentWorkflowExecutorThreads(RECONCILE_THREADS)
                  // An informer whose first list fails (the API server closed a pooled connection,
                  // a CRD was just installed) retries instead of failing the start; the operator
                  // is not ready until every informer has synced.
                  .withStopOnInformerErrorDuringStartup(false);
              if (settings.leaderElection()) {
                o.withLeaderElectionConfiguration(
                    LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                            settings.leaseName())
                        .withLeaseNamespace(
                            Objects.requireNonNullElse(
                                settings.leaseNamespace(), client.getNamespace()))
                        .withIdentity(identity)
                        // On its own, the SDK only logs a lost Lease and goes on reconciling.
                        .withLeaderCallbacks(
                            new LeaderCallbacks(() -> {}, this::lostLeadership, leader -> {}))
                        .build());
              }
            });
    this.reconciler =
        new UnlearningJobReconciler(
            settings.trainerImage(),
            settings.progressPollInterval(),
            new StartDeadline(settings.startDeadline()),
            new JobMetrics(registry, UnlearningJobReconciler.NAME),
            Clock.systemUTC(),
            identity);
    operator.register(
        reconciler,
        c -> {
          c.withRetry(UnlearningJobReconciler.retry());
          if (settings.namespaces().isEmpty()) {
            c.watchingAllNamespaces();
          } else {
            c.settingNamespaces(settings.namespaces());
          }
        });
  }

  /**
   * Another replica may hold the Lease now (it expired while this one could not renew it, e.g.
   * through an API-server outage): reconcile nothing more, at once, so that two replicas never act
   * on the same jobs.
   */
  private void lostLeadership() {
    if (closing) {
      return;
    }
    LOG.error("lost the Lease: reconciling nothing more; this replica has to be restarted");
    reconciler.stopping();
    onLostLeadership.run();
  }

  /** Starts the informers and, when leading (or without leader election), reconciling. */
  public void start() {
    operator.start();
  }

  /** Ready once started with every informer synced and healthy. */
  public boolean ready() {
    return operator.getRuntimeInfo().isStarted()
        && operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  /** Alive unless an informer has stopped for good. */
  public boolean live() {
    return !operator.getRuntimeInfo().isStarted()
        || operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  /** Stops reconciling, letting running reconciles finish within {@link #SHUTDOWN_GRACE}. */
  @Override
  public void close() {
    closing = true;
    reconciler.stopping();
    operator.stop();
  }
}
