package dev.lethe.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lethe.api.v1alpha1.JobDocument;
import dev.lethe.api.v1alpha1.TestApiServer;
import dev.lethe.api.v1alpha1.UnlearningPolicy;
import dev.lethe.operator.LetheOperator;
import dev.lethe.operator.OperatorSettings;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A replica that loses its Lease stops reconciling at once: another replica may be leading by then,
 * and two must never act on the same jobs. The Lease is taken over by another holder, as happens
 * when it expires while the leader cannot renew it (an API-server outage).
 */
class LeadershipIT {
  private static final String NAMESPACE = "ml";
  private static final String LEASE = "lethe-it";

  @Test
  void aReplicaThatLostItsLeaseReconcilesNothingMore() throws Exception {
    try (TestApiServer server = TestApiServer.startWithCrd()) {
      KubernetesClient client = server.client();
      client
          .resource(UnlearningPolicy.governingEveryNamespace(UnlearningPolicy.DEFAULT_NAME))
          .create();
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
          .create();
      JobInputs.createAll(client, NAMESPACE);
      CountDownLatch lost = new CountDownLatch(1);
      try (LetheOperator replica =
          new LetheOperator(
              new OperatorSettings(
                  "registry.test/lethe-trainer:it",
                  Set.of(),
                  Duration.ofMillis(300),
                  true,
                  "default",
                  LEASE,
                  0),
              client,
              new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
              "replica-a",
              lost::countDown)) {
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
