package dev.lethe.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.api.v1alpha1.AppliedPolicy;
import dev.lethe.api.v1alpha1.GateSpec;
import dev.lethe.api.v1alpha1.JobDocument;
import dev.lethe.api.v1alpha1.UnlearningJob;
import dev.lethe.api.v1alpha1.UnlearningJobSpec;
import dev.lethe.api.v1alpha1.UnlearningPolicy;
import dev.lethe.contract.Metric;
import dev.lethe.operator.model.TrainerJobModel;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoliciesTest {
  static final String OPERATOR_IMAGE = "registry.test/lethe/trainer:1";
  static final Map<String, String> TEAM_A = Map.of("lethe.dev/tenant", "a");
  static final String NOT_GOVERNED =
      "no UnlearningPolicy governs namespace team-a: Lethe runs jobs only in namespaces that an"
          + " UnlearningPolicy selects (the chart's lethe-default selects every namespace unless"
          + " it is narrowed or turned off)";

  static UnlearningPolicy policy(String yaml) {
    return Serialization.unmarshal(
        "apiVersion: lethe.dev/v1alpha1\nkind: UnlearningPolicy\n" + yaml, UnlearningPolicy.class);
  }

  static UnlearningJob job(JobDocument document) {
    UnlearningJob job =
        Serialization.unmarshal(Serialization.asYaml(document.toResource()), UnlearningJob.class);
    job.getMetadata().setNamespace("team-a");
    return job;
  }

  static final UnlearningPolicy TEAM_A_DEFAULTS =
      policy(
          """
          metadata: {name: team-a, generation: 3}
          spec:
            namespaceSelector: {matchLabels: {lethe.dev/tenant: a}}
            defaults:
              image: registry.test/lethe/trainer-cuda:2
              priorityClassName: ml-batch
              training: {learningRate: 5.0e-5, epochs: 2}
              methods: [{name: SimNPO, beta: 3.0}]
              gates: [{metric: forget.rougeL, max: 0.4}]
              ttlSecondsAfterFinished: 3600
              queueName: team-a
            guardrails:
              images: [registry.test/lethe/]
              readableClaims: [models, datasets]
              writableClaims: [adapters]
              maxActiveDeadlineSeconds: 7200
              requiredGates: [{metric: retain.tokenAccuracy, minRatio: 0.95}]
          """);

  @Test
  void defaultsFillOnlyWhatTheJobLeavesOutAndAreListedPerPolicy() {
    UnlearningJob job = job(JobDocument.minimal().set("spec.training", Map.of("epochs", 7)));

    PolicyResolution r = Policies.resolve(job, TEAM_A, List.of(TEAM_A_DEFAULTS), OPERATOR_IMAGE);

    assertThat(r.violations()).isEmpty();
    UnlearningJobSpec spec = r.effective().getSpec();
    assertThat(spec.image()).isEqualTo("registry.test/lethe/trainer-cuda:2");
    assertThat(spec.priorityClassName()).isEqualTo("ml-batch");
    assertThat(spec.training().epochs()).as("the job's own value").isEqualTo(7);
    assertThat(spec.training().learningRate()).isEqualTo(5e-5);
    assertThat(spec.method().beta()).isEqualTo(3.0);
    assertThat(spec.activeDeadlineSeconds()).as("capped by the guardrail").isEqualTo(7200);
    assertThat(spec.evaluation().gatesOrNone())
        .extracting(GateSpec::metric)
        .containsExactly(Metric.FORGET_ROUGE_L, Metric.RETAIN_TOKEN_ACCURACY);
    assertThat(r.effective().getMetadata().getLabels())
        .containsEntry(TrainerJobModel.QUEUE_LABEL, "team-a");
    assertThat(r.policy().ttlSecondsAfterFinished()).isEqualTo(3600);
    assertThat(r.policy().applied())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.name()).isEqualTo("team-a");
              assertThat(p.generation()).isEqualTo(3);
              assertThat(p.defaulted())
                  .containsExactlyInAnyOrder(
                      "image",
                      "priorityClassName",
                      "training.learningRate",
                      "method.beta",
                      "evaluation.gates[forget.rougeL]",
                      "ttlSecondsAfterFinished",
                      "metadata.labels[kueue.x-k8s.io/queue-name]",
                      "activeDeadlineSeconds",
                      "evaluation.gates[retain.tokenAccuracy]");
            });
    assertThat(job.getSpec().image()).as("the user's object is never changed").isNull();
    assertThat(job.getSpec().training().learningRate()).isNull();
  }

  @Test
  void aPolicyForAnotherNamespaceNeitherDefaultsNorGuards() {
    UnlearningJob job = job(JobDocument.minimal().set("spec.image", "elsewhere/trainer:1"));

    PolicyResolution r =
        Policies.resolve(
            job, Map.of("lethe.dev/tenant", "b"), List.of(TEAM_A_DEFAULTS), OPERATOR_IMAGE);

    assertThat(r.effective().getSpec().image()).isEqualTo("elsewhere/trainer:1");
    assertThat(r.policy().applied()).isEmpty();
    assertThat(r.violations()).containsExactly(NOT_GOVERNED);
  }

  @Test
  void withoutAPolicyNoJobRuns() {
    PolicyResolution r =
        Policies.resolve(job(JobDocument.minimal()), TEAM_A, List.of(), OPERATOR_IMAGE);

    assertThat(r.violations()).containsExactly(NOT_GOVERNED);
  }

  @Test
  void underTheDefaultPolicyTheJobRunsAsItIs() {
    UnlearningJob job = job(JobDocument.minimal());

    PolicyResolution r =
        Policies.resolve(
            job,
            TEAM_A,
            List.of(UnlearningPolicy.governingEveryNamespace(UnlearningPolicy.DEFAULT_NAME)),
            OPERATOR_IMAGE);

    assertThat(r.allowed()).isTrue();
    assertThat(r.effective().getSpec()).isEqualTo(job.getSpec());
    assertThat(r.policy().applied())
        .singleElement()
        .satisfies(p -> assertThat(p.defaulted()).isEmpty());
  }

  @Test
  void everyGuardrailNamesItsPolicyAndRule() {
    UnlearningPolicy strict =
        policy(
            """
            metadata: {name: strict}
            spec:
              namespaceSelector: {}
              guardrails:
                methods: [NPO]
                images: [sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef]
                serviceAccounts: [trainer]
                priorityClasses: [ml-batch]
                maxGpus: 1
                maxMemory: 32Gi
                maxActiveDeadlineSeconds: 600
                readableClaims: [models]
                writableClaims: [outputs]
                requiredGates: [{metric: retain.tokenAccuracy, minRatio: 0.95}]
            """);
    UnlearningJob job =
        job(
            JobDocument.minimal()
                .set("spec.serviceAccountName", "default")
                .set("spec.priorityClassName", "system-node-critical")
                .set(
                    "spec.resources",
                    Map.of("limits", Map.of("nvidia.com/gpu", 8, "memory", "64Gi")))
                .set("spec.activeDeadlineSeconds", 86400)
                .set(
                    "spec.evaluation.gates",
                    List.of(Map.of("metric", "retain.tokenAccuracy", "minRatio", 0.5))));

    PolicyResolution r = Policies.resolve(job, TEAM_A, List.of(strict), OPERATOR_IMAGE);

    assertThat(r.violations())
        .containsExactly(
            "UnlearningPolicy strict: method SimNPO is not allowed (guardrails.methods: NPO)",
            "UnlearningPolicy strict: image registry.test/lethe/trainer:1 is not allowed"
                + " (guardrails.images:"
                + " sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef)",
            "UnlearningPolicy strict: serviceAccountName default is not allowed"
                + " (guardrails.serviceAccounts: trainer)",
            "UnlearningPolicy strict: priorityClassName system-node-critical is not allowed"
                + " (guardrails.priorityClasses: ml-batch)",
            "UnlearningPolicy strict: nvidia.com/gpu 8 is above guardrails.maxGpus 1",
            "UnlearningPolicy strict: memory 64Gi is above guardrails.maxMemory 32Gi",
            "UnlearningPolicy strict: activeDeadlineSeconds 86400 is above"
                + " guardrails.maxActiveDeadlineSeconds 600",
            "UnlearningPolicy strict: claim datasets may not be read (guardrails.readableClaims:"
                + " models)",
            "UnlearningPolicy strict: output claim adapters may not be written"
                + " (guardrails.writableClaims: outputs)",
            "UnlearningPolicy strict: the gate on retain.tokenAccuracy is looser than"
                + " guardrails.requiredGates (minRatio 0.95)");
  }

  @Test
  void theStrictestOfTwoPoliciesWinsAndOnlyOneMaySetDefaults() {
    UnlearningPolicy loose =
        policy(
            """
            metadata: {name: a-loose}
            spec:
              namespaceSelector: {matchExpressions: [{key: lethe.dev/tenant, operator: Exists}]}
              guardrails:
                maxGpus: 4
                maxActiveDeadlineSeconds: 86400
                requiredGates: [{metric: forget.rougeL, max: 0.5}]
            """);
    UnlearningPolicy tight =
        policy(
            """
            metadata: {name: b-tight}
            spec:
              namespaceSelector: {matchExpressions: [{key: lethe.dev/tenant, operator: In, values: [a]}]}
              guardrails:
                maxGpus: 1
                maxActiveDeadlineSeconds: 3600
                requiredGates: [{metric: forget.rougeL, max: 0.3}]
            """);
    UnlearningJob twoGpus =
        job(
            JobDocument.minimal()
                .set("spec.resources", Map.of("limits", Map.of("nvidia.com/gpu", 2))));

    PolicyResolution r = Policies.resolve(twoGpus, TEAM_A, List.of(tight, loose), OPERATOR_IMAGE);

    assertThat(r.violations())
        .containsExactly(
            "UnlearningPolicy b-tight: nvidia.com/gpu 2 is above guardrails.maxGpus 1");
    assertThat(r.effective().getSpec().activeDeadlineSeconds()).isEqualTo(3600);
    assertThat(r.effective().getSpec().evaluation().gatesOrNone())
        .singleElement()
        .satisfies(g -> assertThat(g.max()).as("the stricter required gate").isEqualTo(0.3));
    assertThat(r.policy().applied())
        .extracting(AppliedPolicy::name)
        .containsExactly("a-loose", "b-tight");

    UnlearningPolicy other =
        policy(
            """
            metadata: {name: c-defaults}
            spec:
              namespaceSelector: {}
              defaults: {image: registry.test/other:1}
            """);
    assertThat(
            Policies.resolve(
                    job(JobDocument.minimal()),
                    TEAM_A,
                    List.of(TEAM_A_DEFAULTS, other),
                    OPERATOR_IMAGE)
                .violations())
        .contains(
            "UnlearningPolicies c-defaults and team-a both set defaults for namespace team-a:"
                + " only one policy may supply a namespace's defaults");
  }

  @Test
  void aJobWithoutAMemoryLimitGetsTheLowestMaxMemoryAsItsLimit() {
    UnlearningPolicy small =
        policy(
            """
            metadata: {name: small}
            spec:
              namespaceSelector: {}
              guardrails: {maxMemory: 32Gi}
            """);
    UnlearningPolicy large =
        policy(
            """
            metadata: {name: large}
            spec:
              namespaceSelector: {}
              guardrails: {maxMemory: 0.5Ti}
            """);
    UnlearningJob gpuOnly =
        job(
            JobDocument.minimal()
                .set("spec.resources", Map.of("limits", Map.of("nvidia.com/gpu", 1))));

    PolicyResolution r = Policies.resolve(gpuOnly, TEAM_A, List.of(large, small), OPERATOR_IMAGE);

    assertThat(r.violations()).isEmpty();
    assertThat(r.effective().getSpec().resources().getLimits())
        .containsEntry("memory", new Quantity("32Gi"))
        .containsEntry("nvidia.com/gpu", new Quantity("1"));
    assertThat(r.policy().applied())
        .filteredOn(p -> p.name().equals("small"))
        .singleElement()
        .satisfies(p -> assertThat(p.defaulted()).containsExactly("resources.limits.memory"));
  }

  @Test
  void aRequiredRetainGateNeedsARetainSet() {
    UnlearningJob noRetain =
        job(JobDocument.minimal().remove("spec.data.retain").set("spec.method.retainWeight", 0.0));

    PolicyResolution r =
        Policies.resolve(noRetain, TEAM_A, List.of(TEAM_A_DEFAULTS), OPERATOR_IMAGE);

    assertThat(r.violations())
        .containsExactly(
            "UnlearningPolicy team-a: guardrails.requiredGates has retain.tokenAccuracy, which"
                + " needs a retain set: set data.retain or evaluation.retain");
  }

  @Test
  void imageEntriesArePrefixesDigestsOrWholeReferences() {
    assertThat(GuardrailChecks.imageMatches("registry.test/lethe/", "registry.test/lethe/x:1"))
        .isTrue();
    assertThat(GuardrailChecks.imageMatches("registry.test/lethe/", "registry.test/lethe-evil/x"))
        .isFalse();
    assertThat(
            GuardrailChecks.imageMatches(
                "sha256:" + "a".repeat(64), "registry.test/x@sha256:" + "a".repeat(64)))
        .isTrue();
    assertThat(GuardrailChecks.imageMatches("registry.test/x:1", "registry.test/x:1")).isTrue();
    assertThat(GuardrailChecks.imageMatches("registry.test/x:1", "registry.test/x:10")).isFalse();
  }

  @Test
  void selectorsMatchAsKubernetesMatchesThem() {
    var selector =
        policy(
                """
                metadata: {name: s}
                spec:
                  namespaceSelector:
                    matchLabels: {team: ml}
                    matchExpressions:
                      - {key: env, operator: NotIn, values: [prod]}
                      - {key: frozen, operator: DoesNotExist}
                """)
            .getSpec()
            .namespaceSelector();

    assertThat(NamespaceSelectors.matches(selector, Map.of("team", "ml"))).isTrue();
    assertThat(NamespaceSelectors.matches(selector, Map.of("team", "ml", "env", "dev"))).isTrue();
    assertThat(NamespaceSelectors.matches(selector, Map.of("team", "ml", "env", "prod"))).isFalse();
    assertThat(NamespaceSelectors.matches(selector, Map.of("team", "ml", "frozen", ""))).isFalse();
    assertThat(NamespaceSelectors.matches(selector, Map.of("team", "nlp"))).isFalse();
    assertThat(NamespaceSelectors.matches(selector, null)).isFalse();
  }
}
