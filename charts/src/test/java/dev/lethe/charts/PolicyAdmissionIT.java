package dev.lethe.charts;

import static dev.lethe.api.v1alpha1.JobDocument.list;
import static dev.lethe.api.v1alpha1.JobDocument.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;

import dev.lethe.api.v1alpha1.JobDocument;
import dev.lethe.api.v1alpha1.TestApiServer;
import dev.lethe.api.v1alpha1.UnlearningJob;
import dev.lethe.api.v1alpha1.UnlearningPolicy;
import dev.lethe.contract.UnlearningMethod;
import dev.lethe.operator.policy.Policies;
import dev.lethe.operator.policy.PolicyResolution;
import dev.lethe.operator.reconciler.JobInputs;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart's admission policies on a real API server that authorizes with RBAC, tried by real
 * users: alice has only the chart's lethe-edit role (and may read the ConfigMap facts), bob may
 * also create pods. Team a's namespace gets an UnlearningPolicy of its own; team b's stays with the
 * chart's lethe-default.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PolicyAdmissionIT {
  static final String TEAM_A = "team-a";
  static final String TEAM_B = "team-b";

  /** The platform team's policy for team a. */
  static final String POLICY =
      """
      apiVersion: lethe.dev/v1alpha1
      kind: UnlearningPolicy
      metadata: {name: team-a}
      spec:
        namespaceSelector: {matchLabels: {lethe.dev/tenant: a}}
        defaults:
          image: registry.test/lethe/trainer-cuda:2
        guardrails:
          methods: [SimNPO, NPO]
          images: [registry.test/lethe/]
          maxGpus: 1
          maxMemory: 64Gi
          maxActiveDeadlineSeconds: 3600
          readableClaims: [models, datasets]
          writableClaims: [adapters]
          requiredGates: [{metric: retain.tokenAccuracy, minRatio: 0.95}]
      """;

  private static TestApiServer server;
  private static KubernetesClient admin;
  private static KubernetesClient alice;
  private static KubernetesClient bob;

  @BeforeAll
  static void installTheChartAndMakeTheUsers() throws Exception {
    server = TestApiServer.startWithCrd();
    admin = server.client();
    namespace(TEAM_A, Map.of("lethe.dev/tenant", "a"));
    namespace(TEAM_B, Map.of());
    namespace("lethe", Map.of());
    Tools.Run apply =
        Kubectl.against(server.kubectl(), server.kubeconfig())
            .run(Tools.template().out(), "apply", "--server-side", "--force-conflicts", "-f", "-");
    assertThat(apply.exitCode()).as(apply.err()).isZero();
    for (String ns : new String[] {TEAM_A, TEAM_B}) {
      JobInputs.createAll(admin, ns);
      JobInputs.createClaim(admin, ns, "secrets");
      admin
          .configMaps()
          .inNamespace(ns)
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("payroll")
                  .endMetadata()
                  .addToData("forget.jsonl", "{\"question\":\"salary\",\"answer\":\"sk_live_1\"}")
                  .build())
          .create();
      bind(ns, "alice", "ClusterRole", "lethe-edit");
      bind(ns, "bob", "ClusterRole", "lethe-edit");
      role(ns, "read-facts", "alice", "configmaps", "get", "facts");
      role(ns, "create-pods", "bob", "pods", "create", null);
    }
    alice = server.clientAs("alice");
    bob = server.clientAs("bob");
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      alice.close();
      bob.close();
      server.close();
    }
  }

  @Test
  @Order(1)
  void underTheChartsDefaultPolicyOnlyAUserWhoMayCreatePodsRunsJobs() {
    await()
        .atMost(Duration.ofSeconds(30))
        .alias("the admission policies are in force")
        .until(() -> refusal(alice, TEAM_A, d -> d) != null);

    assertThat(refusal(alice, TEAM_A, d -> d))
        .contains(
            "UnlearningPolicy lethe-default: claims may be read only by users who may create pods"
                + " in namespace team-a, or from guardrails.readableClaims, which this policy does"
                + " not set");
    await()
        .atMost(Duration.ofSeconds(30))
        .alias("bob, who may create pods, runs a job as any ServiceAccount (once RBAC sees him)")
        .until(
            () -> refusal(bob, TEAM_A, d -> d.set("spec.serviceAccountName", "builder")),
            nullValue());
  }

  record Attempt(String what, UnaryOperator<JobDocument> change, String refusal) {
    @Override
    public String toString() {
      return what;
    }
  }

  /**
   * What alice, who may not create pods, tries in team a: each refused, or run as the policy says.
   */
  static Stream<Attempt> escalations() {
    return Stream.of(
        new Attempt("a job within the policy", d -> d, null),
        new Attempt(
            "an image the policy lists",
            d -> d.set("spec.image", "registry.test/lethe/trainer:3"),
            null),
        new Attempt(
            "any other image",
            d -> d.set("spec.image", "registry.evil/miner:1"),
            "UnlearningPolicy team-a: image registry.evil/miner:1 is not allowed"
                + " (guardrails.images: registry.test/lethe/)"),
        new Attempt(
            "any ServiceAccount",
            d -> d.set("spec.serviceAccountName", "builder"),
            "UnlearningPolicy team-a: spec.serviceAccountName may be set only by users who may"
                + " create pods in namespace team-a"),
        new Attempt(
            "a system priority class",
            d -> d.set("spec.priorityClassName", "system-node-critical"),
            "UnlearningPolicy team-a: spec.priorityClassName may be set only by users who may"
                + " create pods in namespace team-a"),
        new Attempt(
            "tolerating every taint",
            d -> d.set("spec.tolerations", list(map("operator", "Exists"))),
            "spec.nodeSelector, tolerations and affinity may be set only by users who may create"
                + " pods in namespace team-a"),
        new Attempt(
            "pinning to a node",
            d -> d.set("spec.nodeSelector", map("kubernetes.io/hostname", "gpu-7")),
            "spec.nodeSelector, tolerations and affinity may be set only by users who may create"
                + " pods in namespace team-a"),
        new Attempt(
            "a ConfigMap she cannot read as the forget set",
            d -> d.set("spec.data.forget.configMap.name", "payroll"),
            "a job reads only what its author may read, and you may not get every ConfigMap it"
                + " names (payroll) in namespace team-a"),
        new Attempt(
            "a claim the policy does not list",
            d -> d.set("spec.data.retain.pvc.claimName", "secrets"),
            "UnlearningPolicy team-a: claim secrets may not be read (guardrails.readableClaims:"
                + " models, datasets)"),
        new Attempt(
            "writing into the model's claim",
            d -> d.set("spec.output.pvc", map("claimName", "models", "path", "out")),
            "UnlearningPolicy team-a: output claim models may not be written"
                + " (guardrails.writableClaims: adapters)"),
        new Attempt(
            "more GPUs",
            d -> d.set("spec.resources", map("limits", map("nvidia.com/gpu", 8))),
            "UnlearningPolicy team-a: nvidia.com/gpu 8 is above guardrails.maxGpus 1"),
        new Attempt(
            "more memory",
            d -> d.set("spec.resources", map("requests", map("memory", "128Gi"))),
            "UnlearningPolicy team-a: memory 128Gi is above guardrails.maxMemory 64Gi"),
        new Attempt(
            "a longer deadline",
            d -> d.set("spec.activeDeadlineSeconds", 86400),
            "UnlearningPolicy team-a: activeDeadlineSeconds 86400 is above"
                + " guardrails.maxActiveDeadlineSeconds 3600"),
        new Attempt(
            "a method the policy does not allow",
            d -> d.set("spec.method.name", "IHL"),
            "UnlearningPolicy team-a: method IHL is not allowed (guardrails.methods: SimNPO, NPO)"),
        new Attempt(
            "a looser required gate",
            d ->
                d.set(
                    "spec.evaluation.gates",
                    list(map("metric", "retain.tokenAccuracy", "minRatio", 0.5))),
            "UnlearningPolicy team-a: the gate on retain.tokenAccuracy is looser than"
                + " guardrails.requiredGates (minRatio 0.95)"));
  }

  @Order(2)
  @ParameterizedTest
  @MethodSource("escalations")
  void aUserWithOnlyLetheEditGetsNothingThePolicyDoesNotAllow(Attempt attempt) {
    policyInForce();

    String refusal = refusal(alice, TEAM_A, attempt.change());

    if (attempt.refusal() == null) {
      assertThat(refusal).as("accepted").isNull();
    } else {
      assertThat(refusal).contains(attempt.refusal());
    }
  }

  /** The refusals that are guardrails, which the operator applies again, and not grants. */
  static Stream<Attempt> guardrails() {
    return escalations()
        .filter(a -> a.refusal() != null && a.refusal().startsWith("UnlearningPolicy team-a: "))
        .filter(a -> !a.refusal().contains("may be set only by users who may create pods"));
  }

  @ParameterizedTest
  @MethodSource("guardrails")
  void theOperatorRefusesWhatAdmissionRefusesWithTheSameMessage(Attempt attempt) {
    UnlearningJob job = job(attempt.change().apply(JobDocument.minimal()));
    job.getMetadata().setNamespace(TEAM_A);

    PolicyResolution resolved =
        Policies.resolve(
            job,
            Map.of("lethe.dev/tenant", "a"),
            List.of(Serialization.unmarshal(POLICY, UnlearningPolicy.class)),
            "registry.test/lethe/trainer:1");

    assertThat(resolved.violations()).containsExactly(attempt.refusal());
  }

  @Test
  @Order(3)
  void aUserWhoMayCreatePodsKeepsWhatTheyHadWithinTheGuardrails() {
    policyInForce();

    assertThat(refusal(bob, TEAM_A, d -> d.set("spec.serviceAccountName", "builder"))).isNull();
    assertThat(refusal(bob, TEAM_A, d -> d.set("spec.priorityClassName", "team-high"))).isNull();
    assertThat(
            refusal(bob, TEAM_A, d -> d.set("spec.tolerations", list(map("operator", "Exists")))))
        .isNull();
    assertThat(refusal(bob, TEAM_A, d -> d.set("spec.data.forget.configMap.name", "payroll")))
        .isNull();
    assertThat(refusal(bob, TEAM_A, d -> d.set("spec.image", "registry.evil/miner:1")))
        .as("a guardrail binds everyone")
        .contains("image registry.evil/miner:1 is not allowed");
    assertThat(refusal(bob, TEAM_A, d -> d.set("spec.data.retain.pvc.claimName", "secrets")))
        .contains("claim secrets may not be read");
  }

  @Test
  @Order(4)
  void aPolicyGovernsOnlyTheNamespacesItSelects() {
    policyInForce();

    assertThat(refusal(bob, TEAM_B, d -> d.set("spec.image", "registry.evil/miner:1")))
        .as("team b is governed by lethe-default alone, which restricts nothing")
        .isNull();
    assertThat(refusal(alice, TEAM_B, d -> d))
        .contains("UnlearningPolicy lethe-default: claims may be read only by users who may");
  }

  @Test
  @Order(5)
  void whatAJobUnlearnsCannotChangeByRemovingItsSpec() {
    policyInForce();
    UnlearningJob job = job(JobDocument.minimal().set("metadata.name", "kept"));
    alice.resources(UnlearningJob.class).inNamespace(TEAM_A).resource(job).create();

    KubernetesClientException refused =
        catchThrowableOfType(
            KubernetesClientException.class,
            () ->
                alice
                    .resources(UnlearningJob.class)
                    .inNamespace(TEAM_A)
                    .withName("kept")
                    .patch(
                        PatchContext.of(PatchType.JSON),
                        "[{\"op\": \"remove\", \"path\": \"/spec\"}]"));

    assertThat(refused.getStatus().getMessage())
        .contains("spec: Required value: spec is required and cannot be removed");
  }

  @Test
  @Order(6)
  void aPolicyTightenedLaterStillLetsAJobBeSuspendedButNotOutlastItsDeadline() {
    policyInForce();
    alice
        .resources(UnlearningJob.class)
        .inNamespace(TEAM_A)
        .resource(job(JobDocument.minimal().set("metadata.name", "earlier")))
        .create();
    admin
        .resources(UnlearningPolicy.class)
        .withName("team-a")
        .edit(
            p -> {
              p.getSpec().guardrails().methods().remove(UnlearningMethod.SIM_NPO);
              return p;
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .alias("the API server sees the tightened policy")
        .until(() -> refusal(alice, TEAM_A, d -> d) != null);

    assertThatCode(() -> mergePatch("earlier", "{\"spec\": {\"suspend\": true}}"))
        .as("the job's method is fixed at creation: a later policy does not refuse a suspend")
        .doesNotThrowAnyException();
    assertThat(
            catchThrowableOfType(
                    KubernetesClientException.class,
                    () -> mergePatch("earlier", "{\"spec\": {\"activeDeadlineSeconds\": 86400}}"))
                .getStatus()
                .getMessage())
        .contains(
            "UnlearningPolicy team-a: activeDeadlineSeconds 86400 is above"
                + " guardrails.maxActiveDeadlineSeconds 3600");
  }

  /**
   * Team a's policy created, and the chart's default narrowed to the namespaces without a tenant
   * (as a platform team does in its values), since every policy that selects a namespace applies.
   */
  private static void policyInForce() {
    if (admin.resources(UnlearningPolicy.class).withName("team-a").get() == null) {
      admin.resource(Serialization.unmarshal(POLICY, UnlearningPolicy.class)).create();
      admin
          .resources(UnlearningPolicy.class)
          .withName(UnlearningPolicy.DEFAULT_NAME)
          .edit(
              p -> {
                p.getSpec()
                    .namespaceSelector()
                    .setMatchExpressions(
                        List.of(
                            new LabelSelectorRequirementBuilder()
                                .withKey("lethe.dev/tenant")
                                .withOperator("DoesNotExist")
                                .build()));
                return p;
              });
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .alias("the API server sees policy team-a")
        .until(() -> refusal(alice, TEAM_A, d -> d) == null);
  }

  /** What the API server says when {@code user} creates the job (dry run); null if accepted. */
  private static String refusal(
      KubernetesClient user, String namespace, UnaryOperator<JobDocument> change) {
    try {
      user.resources(UnlearningJob.class)
          .inNamespace(namespace)
          .resource(job(change.apply(JobDocument.minimal())))
          .dryRun()
          .create();
      return null;
    } catch (KubernetesClientException e) {
      return e.getStatus() != null && e.getStatus().getMessage() != null
          ? e.getStatus().getMessage()
          : e.getMessage();
    }
  }

  /** Alice's JSON merge patch of one of her jobs in team a. */
  private static void mergePatch(String job, String patch) {
    alice
        .resources(UnlearningJob.class)
        .inNamespace(TEAM_A)
        .withName(job)
        .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
  }

  private static UnlearningJob job(JobDocument document) {
    return Serialization.unmarshal(
        Serialization.asYaml(document.toResource()), UnlearningJob.class);
  }

  private static void namespace(String name, Map<String, String> labels) {
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build())
        .create();
  }

  private static void bind(String ns, String user, String kind, String role) {
    admin
        .rbac()
        .roleBindings()
        .inNamespace(ns)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(user + "-" + role)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", kind, role)
                .addNewSubject()
                .withKind("User")
                .withApiGroup("rbac.authorization.k8s.io")
                .withName(user)
                .endSubject()
                .build())
        .create();
  }

  /** A Role granting {@code verb} on {@code resource} (one object, if named), bound to a user. */
  private static void role(
      String ns, String name, String user, String resource, String verb, String object) {
    PolicyRuleBuilder rule =
        new PolicyRuleBuilder().withApiGroups("").withResources(resource).withVerbs(verb);
    if (object != null) {
      rule.withResourceNames(object);
    }
    admin
        .rbac()
        .roles()
        .inNamespace(ns)
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withRules(rule.build())
                .build())
        .create();
    bind(ns, user, "Role", name);
  }
}
