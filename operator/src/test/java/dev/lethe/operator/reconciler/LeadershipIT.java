package dev.lethe.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lethe.api.v1alpha1.JobDocument;
import dev.lethe.api.v1alpha1.TestApiServer;
import dev.lethe.api.v1alpha1.UnlearningPolicy;
import dev.lethe.operator.LetheOperator;
import dev.lethe.operator.OperatorSettings;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A replica that loses its Lease stops reconciling at once: another replica may be leading by then,
 * and two must never act on the same jobs. Once with the Lease taken over by another holder, once
 * through a real outage: the API server unreachable for longer than the Lease lasts. Without the
 * stop, the outage test sees the split brain the SDK leaves by default: the old leader goes on
 * reconciling beside the new one, and a new job gets two JobCreated Events.
 */
class LeadershipIT {
  private static final String NAMESPACE = "ml";
  private static final String LEASE = "lethe-it";

  /** The SDK's default, which the operator keeps. */
  private static final Duration LEASE_DURATION = Duration.ofSeconds(15);

  @Test
  void aReplicaThatLostItsLeaseReconcilesNothingMore() throws Exception {
    try (TestApiServer server = TestApiServer.startWithCrd()) {
      KubernetesClient client = server.client();
      prepare(client);
      CountDownLatch lost = new CountDownLatch(1);
      try (LetheOperator replica = replica(client, "replica-a", lost::countDown)) {
        replica.start();
        create(client, "before");
        await().atMost(Duration.ofSeconds(60)).until(() -> trainer(client, "before") != null);

        client
            .leases()
            .inNamespace("default")
            .withName(LEASE)
            .edit(
                lease -> {
                  ZonedDateTime now = ZonedDateTime.now();
                  lease.getSpec().setHolderIdentity("replica-b");
                  lease.getSpec().setAcquireTime(now);
                  lease.getSpec().setRenewTime(now);
                  lease.getSpec().setLeaseDurationSeconds(3600);
                  return lease;
                });

        assertThat(lost.await(60, TimeUnit.SECONDS))
            .as("replica-a notices that it no longer holds the Lease")
            .isTrue();
        create(client, "after");
        await()
            .during(Duration.ofSeconds(5))
            .atMost(Duration.ofSeconds(10))
            .alias("replica-a creates no trainer Job once it lost the Lease")
            .until(() -> trainer(client, "after") == null);
        Lease lease = client.leases().inNamespace("default").withName(LEASE).get();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("replica-b");
      }
    }
  }

  /**
   * Two replicas reach the API server through a relay that an outage cuts for longer than the Lease
   * lasts. The leader cannot renew it and must stop; once the API server is back the other replica
   * takes the Lease, and every job is reconciled by one replica only: one Job, and each Event once,
   * all from the new leader.
   */
  @Test
  void anApiServerOutageLongerThanTheLeaseNeverLeavesTwoReconcilers() throws Exception {
    try (TestApiServer server = TestApiServer.startWithCrd();
        ApiServerProxy proxy = ApiServerProxy.to(server.kubeconfig());
        KubernetesClient clientA = proxy.client(server.kubeconfig());
        KubernetesClient clientB = proxy.client(server.kubeconfig())) {
      KubernetesClient admin = server.client();
      prepare(admin);
      CountDownLatch lostA = new CountDownLatch(1);
      CountDownLatch lostB = new CountDownLatch(1);
      LetheOperator replicaA = replica(clientA, "replica-a", lostA::countDown);
      try (LetheOperator replicaB = replica(clientB, "replica-b", lostB::countDown)) {
        replicaA.start();
        create(admin, "before");
        await().atMost(Duration.ofSeconds(60)).until(() -> trainer(admin, "before") != null);
        replicaB.start();
        assertThat(holder(admin)).isEqualTo("replica-a");

        proxy.cut();
        assertThat(lostA.await(60, TimeUnit.SECONDS))
            .as("replica-a stops once it could not renew the Lease for its renew deadline")
            .isTrue();
        // What Main does next: the process exits, and the Deployment starts a new one.
        replicaA.close();
        Thread.sleep(LEASE_DURATION.toMillis()); // the Lease expires while nobody can renew it
        proxy.restore();

        await()
            .atMost(Duration.ofSeconds(90))
            .alias("replica-b takes the expired Lease")
            .until(() -> "replica-b".equals(holder(admin)));
        create(admin, "after");
        await()
            .atMost(Duration.ofSeconds(90))
            .until(() -> reasons(admin, "after").contains("JobCreated"));
        Thread.sleep(3_000); // what a second reconciler would add, it adds by now
        assertThat(lostB.getCount()).as("replica-b still leads").isEqualTo(1);
        assertThat(trainer(admin, "after")).isNotNull();
        for (String job : List.of("before", "after")) {
          assertThat(reasons(admin, job)).as("Events of %s", job).doesNotHaveDuplicates();
        }
        assertThat(events(admin, "after"))
            .as("every Event of the job created after the outage is the new leader's")
            .allSatisfy(e -> assertThat(e.getReportingInstance()).isEqualTo("replica-b"))
            .isNotEmpty();
      } finally {
        replicaA.close();
      }
    }
  }

  private static void prepare(KubernetesClient client) {
    client
        .resource(UnlearningPolicy.governingEveryNamespace(UnlearningPolicy.DEFAULT_NAME))
        .create();
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
    JobInputs.createAll(client, NAMESPACE);
  }

  private static LetheOperator replica(
      KubernetesClient client, String identity, Runnable onLostLeadership) {
    return new LetheOperator(
        OperatorSettings.defaults()
            .withTrainerImage("registry.test/lethe-trainer:it")
            .withProgressPollInterval(Duration.ofMillis(300))
            .withLeaderElection(true, "default", LEASE)
            .withHttpPort(0),
        client,
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        identity,
        onLostLeadership);
  }

  private static String holder(KubernetesClient client) {
    Lease lease = client.leases().inNamespace("default").withName(LEASE).get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  private static List<Event> events(KubernetesClient client, String job) {
    return client
        .v1()
        .events()
        .inNamespace(NAMESPACE)
        .withField("involvedObject.name", job)
        .list()
        .getItems();
  }

  private static List<String> reasons(KubernetesClient client, String job) {
    return events(client, job).stream().map(Event::getReason).toList();
  }

  private static void create(KubernetesClient client, String name) {
    client
        .resource(JobDocument.minimal().set("metadata.name", name).toResource())
        .inNamespace(NAMESPACE)
        .create();
  }

  private static Job trainer(KubernetesClient client, String name) {
    return client.batch().v1().jobs().inNamespace(NAMESPACE).withName(name + "-trainer").get();
  }
}
