package dev.lethe.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.lethe.api.v1alpha1.AppliedPolicy;
import dev.lethe.api.v1alpha1.JobDocument;
import dev.lethe.api.v1alpha1.JobPolicy;
import dev.lethe.api.v1alpha1.Names;
import dev.lethe.api.v1alpha1.TestApiServer;
import dev.lethe.api.v1alpha1.UnlearningJob;
import dev.lethe.api.v1alpha1.UnlearningPolicy;
import dev.lethe.contract.ContractJson;
import dev.lethe.contract.TrainerConfig;
import dev.lethe.operator.LetheOperator;
import dev.lethe.operator.OperatorSettings;
import dev.lethe.operator.model.TrainerJobModel;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator applies the UnlearningPolicies itself, with no admission policy installed (as when
 * the chart's is missing, or a policy changed after a job was admitted): defaults reach the trainer
 * Job and its config, a broken guardrail stops the job before its trainer Job exists, and a policy
 * that changes while a job waits is what decides.
 */
class PolicyEnforcementIT {
  static final String IMAGE = "registry.test/lethe/trainer:it";

  static TestApiServer server;
  static KubernetesClient client;
  static LetheOperator operator;

  @BeforeAll
  static void start() throws Exception {
    server = TestApiServer.startWithCrd();
    client = server.client();
    operator =
        new LetheOperator(
            OperatorSettings.defaults()
                .withTrainerImage(IMAGE)
                .withProgressPollInterval(Duration.ofMillis(300))
                .withLeaderElection(false, null, "it")
                .withHttpPort(0),
            client,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            "it");
    operator.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (operator != null) {
      operator.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theDefaultsOfAPolicyReachTheTrainerAndAreListedInStatus() {
    String ns = namespace("defaults");
    policy(
        """
        metadata: {name: defaults}
        spec:
          namespaceSelector: {matchLabels: {lethe.dev/tenant: defaults}}
          defaults:
            image: registry.test/lethe/trainer-cuda:2
            priorityClassName: ml-batch
            training: {learningRate: 5.0e-5}
            ttlSecondsAfterFinished: 3600
            queueName: team-queue
          guardrails:
            requiredGates: [{metric: retain.tokenAccuracy, minRatio: 0.95}]
        """);
    create(ns, JobDocument.minimal().set("spec.training", Map.of("epochs", 2)));

    Job job = awaitJob(ns);
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers().get(0).getImage())
        .isEqualTo("registry.test/lethe/trainer-cuda:2");
    assertThat(pod.getPriorityClassName()).isEqualTo("ml-batch");
    assertThat(pod.getServiceAccountName()).isEqualTo(Names.trainerServiceAccount("minimal"));
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(job.getMetadata().getLabels())
        .containsEntry(TrainerJobModel.QUEUE_LABEL, "team-queue");
    assertThat(
            client
                .serviceAccounts()
                .inNamespace(ns)
                .withName(Names.trainerServiceAccount("minimal"))
                .get()
                .getAutomountServiceAccountToken())
        .as("the job's own ServiceAccount")
        .isFalse();
    TrainerConfig config =
        ContractJson.read(
            client
                .configMaps()
                .inNamespace(ns)
                .withName(Names.trainerConfig("minimal"))
                .get()
                .getData()
                .get("job.json"),
            TrainerConfig.class);
    assertThat(config.training().learningRate()).isEqualTo(5e-5);
    assertThat(config.training().epochs()).as("the job's own").isEqualTo(2);
    assertThat(config.evaluation().gates())
        .singleElement()
        .satisfies(g -> assertThat(g.minRatio()).isEqualTo(0.95));

    UnlearningJob uj =
        await().atMost(Duration.ofSeconds(30)).until(() -> uj(ns), j -> policyOf(j) != null);
    assertThat(policyOf(uj).applied())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.name()).isEqualTo("defaults");
              assertThat(p.generation()).isEqualTo(1);
              assertThat(p.defaulted())
                  .contains(
                      "image", "training.learningRate", "evaluation.gates[retain.tokenAccuracy]");
            });
    assertThat(policyOf(uj).ttlSecondsAfterFinished()).isEqualTo(3600);
    assertThat(uj.getSpec().image()).as("the user's spec is never rewritten").isNull();
    assertThat(uj.getSpec().training().learningRate()).isNull();

    // Kueue suspends a Job of its queue until it admits it; the queue came from the policy.
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(ns)
        .withName(job.getMetadata().getName())
        .edit(
            j -> {
              j.getSpec().setSuspend(true);
              return j;
            });
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .alias("the operator leaves the queue's suspension alone")
        .until(() -> awaitJob(ns).getSpec().getSuspend());
  }

  @Test
  void aBrokenGuardrailStopsTheJobUntilThePolicyAllowsIt() {
    String ns = namespace("strict");
    UnlearningPolicy strict =
        policy(
            """
            metadata: {name: strict}
            spec:
              namespaceSelector: {matchLabels: {lethe.dev/tenant: strict}}
              guardrails:
                images: [registry.test/lethe/]
            """);
    UnlearningPolicy gpus =
        policy(
            """
            metadata: {name: strict-gpus}
            spec:
              namespaceSelector: {matchLabels: {lethe.dev/tenant: strict}}
              guardrails: {maxGpus: 1}
            """);
    create(
        ns,
        JobDocument.minimal()
            .set("spec.image", "registry.evil/miner:1")
            .set("spec.resources", Map.of("limits", Map.of("nvidia.com/gpu", 2))));

    Condition accepted = awaitAccepted(ns, "False/PolicyViolation");
    assertThat(accepted.getMessage())
        .isEqualTo(
            "UnlearningPolicy strict: image registry.evil/miner:1 is not allowed"
                + " (guardrails.images: registry.test/lethe/); UnlearningPolicy strict-gpus:"
                + " nvidia.com/gpu 2 is above guardrails.maxGpus 1");
    assertThat(client.batch().v1().jobs().inNamespace(ns).list().getItems())
        .as("nothing is created")
        .isEmpty();

    client.resource(gpus).delete();
    client
        .resources(UnlearningPolicy.class)
        .withName(strict.getMetadata().getName())
        .edit(
            p -> {
              List<String> images = new ArrayList<>(p.getSpec().guardrails().images());
              images.add("registry.evil/");
              p.getSpec().guardrails().images().clear();
              p.getSpec().guardrails().images().addAll(images);
              return p;
            });

    assertThat(awaitJob(ns).getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.evil/miner:1");
    assertThat(
            await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> policyOf(uj(ns)), p -> p != null && p.applied().size() == 1)
                .applied())
        .extracting(AppliedPolicy::name, AppliedPolicy::generation)
        .containsExactly(tuple("strict", 2L));
  }

  @Test
  void aNamespaceThatNoPolicyGovernsRunsNothing() {
    String ns = namespace("nobody");
    create(ns, JobDocument.minimal());

    assertThat(awaitAccepted(ns, "False/PolicyViolation").getMessage())
        .startsWith("no UnlearningPolicy governs namespace " + ns);
    assertThat(client.batch().v1().jobs().inNamespace(ns).list().getItems()).isEmpty();
  }

  private static JobPolicy policyOf(UnlearningJob job) {
    return job == null || job.getStatus() == null ? null : job.getStatus().policy();
  }

  private static UnlearningPolicy policy(String yaml) {
    return client
        .resource(
            Serialization.unmarshal(
                "apiVersion: lethe.dev/v1alpha1\nkind: UnlearningPolicy\n" + yaml,
                UnlearningPolicy.class))
        .create();
  }

  /** A namespace labelled lethe.dev/tenant={@code tenant}, with the minimal job's inputs. */
  private static String namespace(String tenant) {
    String ns = "team-" + tenant;
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(ns)
                .addToLabels("lethe.dev/tenant", tenant)
                .endMetadata()
                .build())
        .create();
    JobInputs.createAll(client, ns);
    return ns;
  }

  private static void create(String ns, JobDocument document) {
    client.resource(document.toResource()).inNamespace(ns).create();
  }

  private static UnlearningJob uj(String ns) {
    return client.resources(UnlearningJob.class).inNamespace(ns).withName("minimal").get();
  }

  private static Job awaitJob(String ns) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> client.batch().v1().jobs().inNamespace(ns).withName("minimal-trainer").get(),
            j -> j != null);
  }

  private static Condition awaitAccepted(String ns, String statusAndReason) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              UnlearningJob job = uj(ns);
              return job == null || job.getStatus() == null
                  ? null
                  : job.getStatus().conditions().stream()
                      .filter(c -> c.getType().equals("Accepted"))
                      .findFirst()
                      .orElse(null);
            },
            c -> c != null && (c.getStatus() + "/" + c.getReason()).equals(statusAndReason));
  }
}
