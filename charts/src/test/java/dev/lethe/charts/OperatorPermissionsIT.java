package dev.lethe.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lethe.api.v1alpha1.JobDocument;
import dev.lethe.api.v1alpha1.Names;
import dev.lethe.api.v1alpha1.TestApiServer;
import dev.lethe.api.v1alpha1.UnlearningJob;
import dev.lethe.operator.LetheOperator;
import dev.lethe.operator.OperatorSettings;
import dev.lethe.operator.reconciler.JobInputs;
import dev.lethe.operator.reconciler.PlayedKubelet;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The operator, as the chart's ServiceAccount with exactly the chart's RBAC (the test API server
 * authorizes with RBAC), takes a job from creation to its deletion after it finished: nothing it
 * does is forbidden, cluster-wide or with the namespaced Roles.
 */
class OperatorPermissionsIT {
  private static final String RELEASE_NAMESPACE = "lethe";
  private static final String JOBS_NAMESPACE = "ml";

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void theChartsServiceAccountMayDoEverythingTheOperatorDoes(boolean namespaced) throws Exception {
    try (TestApiServer server = TestApiServer.startWithCrd()) {
      KubernetesClient admin = server.client();
      for (String namespace : List.of(RELEASE_NAMESPACE, JOBS_NAMESPACE)) {
        admin
            .namespaces()
            .resource(
                new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
            .create();
      }
      String[] sets =
          namespaced ? new String[] {"watchNamespaces={" + JOBS_NAMESPACE + "}"} : new String[0];
      Tools.Run template = Tools.template(sets);
      Tools.Run apply =
          Kubectl.against(server.kubectl(), server.kubeconfig())
              .run(template.out(), "apply", "--server-side", "--force-conflicts", "-f", "-");
      assertThat(apply.exitCode()).as(apply.err()).isZero();
      JobInputs.createAll(admin, JOBS_NAMESPACE);

      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      try (KubernetesClient asOperator =
              server.clientAs(
                  "system:serviceaccount:" + RELEASE_NAMESPACE + ":lethe",
                  "system:serviceaccounts",
                  "system:serviceaccounts:" + RELEASE_NAMESPACE);
          LetheOperator operator =
              new LetheOperator(
                  OperatorSettings.defaults()
                      .withTrainerImage("registry.test/lethe-trainer:it")
                      .withNamespaces(namespaced ? Set.of(JOBS_NAMESPACE) : Set.of())
                      .withProgressPollInterval(Duration.ofMillis(300))
                      .withLeaderElection(true, RELEASE_NAMESPACE, "lethe")
                      .withHttpPort(0),
                  asOperator,
                  registry,
                  "permissions-it")) {
        operator.start();
        admin
            .resource(
                JobDocument.minimal()
                    .set("metadata.namespace", JOBS_NAMESPACE)
                    .set("spec.ttlSecondsAfterFinished", 0)
                    .toResource())
            .create();

        Job job =
            await()
                .atMost(Duration.ofSeconds(60))
                .until(
                    () ->
                        admin
                            .batch()
                            .v1()
                            .jobs()
                            .inNamespace(JOBS_NAMESPACE)
                            .withName("minimal-trainer")
                            .get(),
                    j -> j != null);
        PlayedKubelet kubelet = new PlayedKubelet(admin);
        kubelet.terminate(
            kubelet.startPod(job, "127.0.0.1", 1),
            0,
            "Completed",
            "{\"exitCode\":0,\"message\":\"done\"}");
        kubelet.complete(job);

        await()
            .atMost(Duration.ofSeconds(60))
            .alias("finished, then deleted by its ttlSecondsAfterFinished")
            .until(
                () ->
                    admin
                            .resources(UnlearningJob.class)
                            .inNamespace(JOBS_NAMESPACE)
                            .withName("minimal")
                            .get()
                        == null);
        assertThat(
                admin
                    .configMaps()
                    .inNamespace(JOBS_NAMESPACE)
                    .withName(Names.trainerConfig("minimal"))
                    .get())
            .as("the trainer config the operator made")
            .isNotNull();
        await()
            .atMost(Duration.ofSeconds(30))
            .alias("the leader renewed its Lease, which Fabric8 does with a patch")
            .until(
                () -> admin.leases().inNamespace(RELEASE_NAMESPACE).withName("lethe").get(),
                lease ->
                    lease != null
                        && lease.getSpec().getRenewTime() != null
                        && lease
                            .getSpec()
                            .getRenewTime()
                            .isAfter(lease.getSpec().getAcquireTime()));
        assertThat(registry.scrape())
            .contains(
                "lethe_jobs_total{method=\"SimNPO\",namespace=\"ml\",result=\"Completed\"} 1.0")
            .contains("lethe_reconcile_errors_total{controller=\"unlearningjob\"} 0.0");
        assertThat(
                admin.v1().events().inNamespace(JOBS_NAMESPACE).list().getItems().stream()
                    .filter(e -> "lethe-operator".equals(e.getReportingComponent()))
                    .toList())
            .as("the operator's Events were written")
            .isNotEmpty();
      }
    }
  }
}
