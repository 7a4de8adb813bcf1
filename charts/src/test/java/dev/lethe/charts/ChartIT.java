package dev.lethe.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.api.v1alpha1.TestApiServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart as helm renders it: what it installs by default and with everything on, what it
 * refuses, and that a real API server accepts every object (server-side dry run).
 */
class ChartIT {
  /** Every optional part on, jobs watched in two namespaces, two replicas. */
  static final String[] EVERYTHING = {
    "metrics.serviceMonitor.enabled=true",
    "metrics.podMonitor.enabled=true",
    "metrics.prometheusRule.enabled=true",
    "grafanaDashboard.enabled=true",
    "networkPolicy.enabled=true",
    "watchNamespaces={ml,research}",
    "replicas=2"
  };

  @Test
  void helmLintPassesWithTheDefaultsAndWithEverythingOn() throws Exception {
    for (String[] sets : List.of(new String[0], EVERYTHING)) {
      List<String> command =
          new ArrayList<>(List.of(Tools.helm().toString(), "lint", Tools.chart().toString()));
      for (String set : sets) {
        command.addAll(List.of("--set", set));
      }
      Tools.Run lint = Tools.run(command, null);
      assertThat(lint.exitCode()).as(lint.out() + lint.err()).isZero();
      assertThat(lint.out()).contains("1 chart(s) linted, 0 chart(s) failed");
    }
  }

  @Test
  void byDefaultTheOperatorWatchesEveryNamespaceAndNoMonitorIsInstalled() throws Exception {
    Rendered r = rendered();

    assertThat(r.kinds())
        .containsExactlyInAnyOrder(
            "CustomResourceDefinition/unlearningjobs.lethe.dev",
            "CustomResourceDefinition/unlearningpolicies.lethe.dev",
            "ServiceAccount/lethe (lethe)",
            "ClusterRole/lethe",
            "ClusterRoleBinding/lethe",
            "ClusterRole/lethe-policies",
            "ClusterRoleBinding/lethe-policies",
            "ValidatingAdmissionPolicy/lethe-unlearningjob-guardrails",
            "ValidatingAdmissionPolicyBinding/lethe-unlearningjob-guardrails",
            "ValidatingAdmissionPolicy/lethe-unlearningjob-requester",
            "ValidatingAdmissionPolicyBinding/lethe-unlearningjob-requester",
            "UnlearningPolicy/lethe-default",
            "Role/lethe-leader-election (lethe)",
            "RoleBinding/lethe-leader-election (lethe)",
            "ClusterRole/lethe-view",
            "ClusterRole/lethe-edit",
            "Service/lethe-metrics (lethe)",
            "Deployment/lethe (lethe)");
    assertThat(
            r.one("CustomResourceDefinition", "unlearningjobs.lethe.dev")
                .at("/metadata/annotations/helm.sh~1resource-policy")
                .asText())
        .isEqualTo("keep");
    assertThat(env(r.one("Deployment", "lethe")))
        .containsEntry("LETHE_NAMESPACES", "")
        .containsEntry("LETHE_LEADER_ELECTION", "true")
        .containsEntry("LETHE_LEASE_NAMESPACE", "lethe")
        .containsEntry("LETHE_LEASE_NAME", "lethe")
        .containsEntry("LETHE_HTTP_PORT", "8080")
        .containsEntry("LETHE_START_DEADLINE", "10m");
  }

  @Test
  void theOperatorPodMeetsTheRestrictedPodSecurityStandardAndIsProbed() throws Exception {
    JsonNode pod = rendered().one("Deployment", "lethe").at("/spec/template/spec");
    JsonNode container = pod.at("/containers/0");

    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
    assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(container.at("/securityContext/capabilities/drop").toString())
        .isEqualTo("[\"ALL\"]");
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
    assertThat(container.at("/resources/limits/memory").asText()).isEqualTo("512Mi");
  }

  @Test
  void theOperatorMayDoWhatItsReconcilerDoesAndNothingMore() throws Exception {
    JsonNode rules = rendered().one("ClusterRole", "lethe").path("rules");

    assertThat(verbs(rules))
        .containsExactly(
            "lethe.dev/unlearningjobs: get list watch delete",
            "lethe.dev/unlearningjobs/status: patch",
            "batch/jobs: get list watch create patch delete",
            "/configmaps: get list watch create patch",
            "/persistentvolumeclaims: get list watch",
            "/pods: get list watch",
            "/serviceaccounts: get list watch create patch",
            "/events: create list watch");
    assertThat(verbs(rendered().one("ClusterRole", "lethe-policies").path("rules")))
        .as("cluster-wide, and read-only")
        .containsExactly(
            "lethe.dev/unlearningpolicies: get list watch", "/namespaces: get list watch");
  }

  @Test
  void watchedNamespacesGetRolesThereAndNeverAClusterRoleOverPods() throws Exception {
    Rendered r = rendered(EVERYTHING);

    assertThat(r.all("ClusterRole"))
        .extracting(o -> o.at("/metadata/name").asText())
        .as("only the policies and namespaces, which are cluster-scoped, are read cluster-wide")
        .containsExactlyInAnyOrder("lethe-view", "lethe-edit", "lethe-policies");
    assertThat(r.kinds())
        .contains(
            "Role/lethe (ml)",
            "RoleBinding/lethe (ml)",
            "Role/lethe (research)",
            "RoleBinding/lethe (research)",
            "ServiceMonitor/lethe (lethe)",
            "PodMonitor/lethe-trainers (lethe)",
            "PrometheusRule/lethe (lethe)",
            "ConfigMap/lethe-dashboard (lethe)",
            "NetworkPolicy/lethe-trainers (ml)",
            "NetworkPolicy/lethe-trainers (research)");
    assertThat(env(r.one("Deployment", "lethe"))).containsEntry("LETHE_NAMESPACES", "ml,research");
    assertThat(r.one("PodMonitor", "lethe-trainers").at("/spec/namespaceSelector").toString())
        .isEqualTo("{\"matchNames\":[\"ml\",\"research\"]}");
    JsonNode dashboard = r.one("ConfigMap", "lethe-dashboard");
    assertThat(dashboard.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
    assertThat(new ObjectMapper().readTree(dashboard.at("/data/lethe.json").asText()))
        .isEqualTo(DashboardTest.dashboard());
    JsonNode ingress = r.all("NetworkPolicy").get(0).at("/spec/ingress/0");
    assertThat(ingress.at("/ports/0/port").asInt()).isEqualTo(9464);
    assertThat(ingress.at("/from")).hasSize(2);
  }

  @Test
  void crdsCanBeLeftToGitOpsOrLetGoWithTheChart() throws Exception {
    assertThat(rendered("crds.enabled=false").all("CustomResourceDefinition")).isEmpty();
    assertThat(
            rendered("crds.keep=false")
                .one("CustomResourceDefinition", "unlearningjobs.lethe.dev")
                .at("/metadata/annotations/helm.sh~1resource-policy")
                .isMissingNode())
        .isTrue();
  }

  @Test
  void aMisspeltValueFailsTheInstallAndSaysWhich() throws Exception {
    Tools.Run run = Tools.template("replicsa=2");

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err()).contains("additional properties 'replicsa' not allowed");
    assertThat(Tools.template("watchNamespaces={Team_A}").err())
        .contains("watchNamespaces/0")
        .contains("does not match pattern");
  }

  @Test
  void replicasWithoutLeaderElectionAreRefused() throws Exception {
    Tools.Run run = Tools.template("replicas=2", "leaderElection.enabled=false");

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err())
        .contains(
            "replicas above 1 need leaderElection.enabled: true, or every replica would reconcile"
                + " every job");
  }

  @Test
  void aRealApiServerAcceptsEveryObjectWithoutAPodSecurityWarning() throws Exception {
    try (TestApiServer server = TestApiServer.startWithCrd()) {
      for (String namespace : List.of("lethe", "ml", "research")) {
        server
            .client()
            .namespaces()
            .resource(
                new NamespaceBuilder()
                    .withNewMetadata()
                    .withName(namespace)
                    .withLabels(Map.of("pod-security.kubernetes.io/warn", "restricted"))
                    .endMetadata()
                    .build())
            .create();
      }
      Kubectl kubectl = Kubectl.against(server.kubectl(), server.kubeconfig());
      Tools.Run crds =
          kubectl.run(null, "apply", "--server-side", "-f", Tools.monitoringCrds().toString());
      assertThat(crds.exitCode()).as(crds.err()).isZero();
      Tools.Run established =
          kubectl.run(null, "wait", "--for=condition=Established", "crd", "--all", "--timeout=60s");
      assertThat(established.exitCode()).as(established.err()).isZero();

      for (String[] sets : List.of(new String[0], EVERYTHING)) {
        Tools.Run template = Tools.template(sets);
        Tools.Run apply =
            kubectl.run(
                template.out(),
                "apply",
                "--server-side",
                "--force-conflicts",
                "--dry-run=server",
                "-f",
                "-");

        assertThat(apply.exitCode()).as(apply.err()).isZero();
        assertThat(apply.err()).doesNotContain("PodSecurity");
        assertThat(apply.out().lines())
            .hasSize(Rendered.parse(template.out()).objects().size())
            .allMatch(line -> line.endsWith("serverside-applied (server dry run)"));
      }
    }
  }

  private static Rendered rendered(String... sets) throws Exception {
    Tools.Run run = Tools.template(sets);
    assertThat(run.exitCode()).as(run.err()).isZero();
    return Rendered.parse(run.out());
  }

  private static Map<String, String> env(JsonNode deployment) {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    deployment
        .at("/spec/template/spec/containers/0/env")
        .forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
    return env;
  }

  /** {@code group/resource: verbs} per rule and resource. */
  private static List<String> verbs(JsonNode rules) {
    List<String> lines = new ArrayList<>();
    for (JsonNode rule : rules) {
      List<String> verbs = new ArrayList<>();
      rule.path("verbs").forEach(v -> verbs.add(v.asText()));
      for (JsonNode resource : rule.path("resources")) {
        lines.add(
            rule.path("apiGroups").get(0).asText()
                + "/"
                + resource.asText()
                + ": "
                + String.join(" ", verbs));
      }
    }
    return lines;
  }
}
