package dev.lethe.api.v1alpha1;

import static dev.lethe.api.v1alpha1.JobDocument.list;
import static dev.lethe.api.v1alpha1.JobDocument.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lethe.api.v1alpha1.UnlearningJobCrdIT.Invalid;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The UnlearningPolicy CRD's schema and rules, judged by a real kube-apiserver. */
class UnlearningPolicyCrdIT {
  /** A policy that sets a little of everything (JobDocument edits any YAML document). */
  static final String POLICY =
      """
      apiVersion: lethe.dev/v1alpha1
      kind: UnlearningPolicy
      metadata:
        name: team
      spec:
        namespaceSelector:
          matchLabels: {team: ml}
          matchExpressions: [{key: env, operator: NotIn, values: [prod]}]
        defaults:
          image: registry.test/lethe/trainer:1
          tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
          resources: {limits: {nvidia.com/gpu: 1, memory: 48Gi}}
          methods: [{name: SimNPO, beta: 3.0}]
          training: {learningRate: 5.0e-5}
          gates: [{metric: forget.rougeL, max: 0.4}]
        guardrails:
          methods: [SimNPO, NPO]
          images: [registry.test/lethe/]
          maxGpus: 2
          maxMemory: 64Gi
          readableClaims: [models, datasets]
          writableClaims: [adapters]
          requiredGates: [{metric: retain.rougeL, minRatio: 0.9}]
      """;

  private static TestApiServer apiServer;

  @BeforeAll
  static void startApiServer() throws IOException {
    apiServer = TestApiServer.startWithCrd();
  }

  @AfterAll
  static void stopApiServer() throws IOException {
    if (apiServer != null) {
      apiServer.close();
    }
  }

  @Test
  void aPolicyThatSetsALittleOfEverythingIsAccepted() {
    assertThatCode(() -> dryRunCreate(JobDocument.parse(POLICY))).doesNotThrowAnyException();
  }

  static Stream<Invalid> invalidPolicies() {
    return Stream.of(
        new Invalid(
            "no spec",
            d -> d.remove("spec"),
            "spec is required: which namespaces the policy governs, and what it allows there"),
        new Invalid(
            "no namespace selector",
            d -> d.remove("spec.namespaceSelector"),
            "spec.namespaceSelector: Required value"),
        new Invalid(
            "a selector operator Kubernetes does not know",
            d ->
                d.set(
                    "spec.namespaceSelector.matchExpressions",
                    list(map("key", "env", "operator", "in", "values", list("dev")))),
            "spec.namespaceSelector.matchExpressions[0].operator: Unsupported value: \"in\""),
        new Invalid(
            "In without values",
            d ->
                d.set(
                    "spec.namespaceSelector.matchExpressions",
                    list(map("key", "env", "operator", "In"))),
            "values must be given for In and NotIn, and left out for Exists and DoesNotExist"),
        new Invalid(
            "a default image that is no image reference",
            d -> d.set("spec.defaults.image", "Registry.Test/Trainer:"),
            "spec.defaults.image: Invalid value: \"object\": image must be an image reference"),
        new Invalid(
            "a default toleration with an unknown operator",
            d -> d.set("spec.defaults.tolerations", list(map("operator", "exists"))),
            "spec.defaults.tolerations[0].operator: Unsupported value: \"exists\""),
        new Invalid(
            "a default memory that is no quantity",
            d -> d.set("spec.defaults.resources", map("limits", map("memory", "48 GB"))),
            "must be a quantity"),
        new Invalid(
            "defaults for one method twice",
            d -> d.set("spec.defaults.methods", list(map("name", "NPO"), map("name", "NPO"))),
            "spec.defaults.methods: Invalid value: \"object\": each method may appear only once"),
        new Invalid(
            "a default parameter the method does not take",
            d -> d.set("spec.defaults.methods", list(map("name", "GradientAscent", "beta", 0.5))),
            "beta applies only to NPO, SimNPO and IdkDPO"),
        new Invalid(
            "a default learning rate that trains nothing",
            d -> d.set("spec.defaults.training.learningRate", 1e-50),
            "learningRate must be at least 1.0E-10"),
        new Invalid(
            "a method that does not exist",
            d -> d.set("spec.guardrails.methods", list("SimNPOO")),
            "spec.guardrails.methods[0]: Unsupported value: \"SimNPOO\""),
        new Invalid(
            "a wildcard image",
            d -> d.set("spec.guardrails.images", list("registry.test/*")),
            "images entries are repository prefixes ending in '/', digests (sha256:...) or whole"
                + " image references; wildcards are not supported"),
        new Invalid(
            "a ServiceAccount name Kubernetes refuses",
            d -> d.set("spec.guardrails.serviceAccounts", list("Trainer_SA")),
            "spec.guardrails.serviceAccounts[0] in body should match"),
        new Invalid(
            "fewer than no GPUs",
            d -> d.set("spec.guardrails.maxGpus", -1),
            "spec.guardrails.maxGpus in body should be greater than or equal to 0"),
        new Invalid(
            "a maximum memory in the wrong unit",
            d -> d.set("spec.guardrails.maxMemory", "64GB"),
            "spec.guardrails.maxMemory in body should match"),
        new Invalid(
            "two required gates on one metric",
            d ->
                d.set(
                    "spec.guardrails.requiredGates",
                    list(
                        map("metric", "retain.rougeL", "minRatio", 0.9),
                        map("metric", "retain.rougeL", "minRatio", 0.8))),
            "each metric may have only one required gate"),
        new Invalid(
            "a required gate without a bound",
            d -> d.set("spec.guardrails.requiredGates", list(map("metric", "retain.rougeL"))),
            "a gate needs at least one of min, max or minRatio"));
  }

  @ParameterizedTest
  @MethodSource("invalidPolicies")
  void invalidPolicyIsRefusedWithAMessageThatSaysWhy(Invalid invalid) {
    KubernetesClientException refused =
        catchThrowableOfType(
            KubernetesClientException.class,
            () -> dryRunCreate(invalid.edit().apply(JobDocument.parse(POLICY))));

    assertThat(refused).as("refused").isNotNull();
    assertThat(refused.getStatus().getMessage()).contains(invalid.message());
  }

  private static void dryRunCreate(JobDocument policy) {
    apiServer.client().resource(policy.toResource()).dryRun().create();
  }
}
