package dev.lethe.charts.gitops;

import static dev.lethe.charts.gitops.GitOpsFiles.gitops;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lethe.api.v1alpha1.TestApiServer;
import dev.lethe.charts.Kubectl;
import dev.lethe.charts.Rendered;
import dev.lethe.charts.Tools;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The team-jobs overlays as Argo CD and Flux would apply them: rendered by the real {@code kubectl
 * kustomize}, then applied to a real API server with the chart (CRDs, admission policies) and the
 * platform's UnlearningPolicy installed, with server-side dry run, so that OpenAPI validation,
 * every CEL rule and the policy's guardrails run and nothing is stored. The Argo CD and Flux
 * objects must point at those overlays.
 */
class GitOpsLayoutIT {
  private static final String OVERLAYS = "examples/gitops/team-jobs/overlays/";
  private static final String UNLEARNING_JOB = "UnlearningJob";
  private static final String PLATFORM = "examples/gitops/platform";

  private static TestApiServer apiServer;
  private static Kubectl kubectl;

  @BeforeAll
  static void startApiServer() throws Exception {
    apiServer = TestApiServer.startWithCrd();
    kubectl = Kubectl.against(apiServer.kubectl(), apiServer.kubeconfig());
    apiServer
        .client()
        .resource(new NamespaceBuilder().withNewMetadata().withName("lethe").endMetadata().build())
        .create();
    Tools.Run chart =
        kubectl.run(
            Tools.template(List.of(GitOpsFiles.gitops("platform/lethe-values.yaml"))).out(),
            "apply",
            "--server-side",
            "--force-conflicts",
            "-f",
            "-");
    assertThat(chart.exitCode()).as(chart.err()).isZero();
    Tools.Run platform = kubectl.run(render(PLATFORM).yaml(), "apply", "--server-side", "-f", "-");
    assertThat(platform.exitCode()).as(platform.err()).isZero();
    await()
        .atMost(Duration.ofSeconds(30))
        .alias("the API server enforces the admission policies with the platform's policy")
        .until(() -> outsideTheGuardrails().exitCode() != 0);
  }

  @AfterAll
  static void stopApiServer() throws IOException {
    if (apiServer != null) {
      apiServer.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"staging", "production"})
  void theApiServerAcceptsEveryJobAndConfigMapOfTheOverlay(String overlay) throws Exception {
    Rendered rendering = render(OVERLAYS + overlay);
    createNamespaces(rendering);

    Tools.Run applied = dryRun(rendering.yaml());

    assertThat(applied.exitCode()).as(applied.output()).isZero();
    assertThat(rendering.names(UNLEARNING_JOB)).hasSize(2);
    assertThat(rendering.names("ConfigMap")).hasSize(3);
    for (String job : rendering.names(UNLEARNING_JOB)) {
      assertThat(applied.out())
          .contains("unlearningjob.lethe.dev/" + job + " serverside-applied (server dry run)");
    }
    for (String configMap : rendering.names("ConfigMap")) {
      assertThat(applied.out())
          .contains("configmap/" + configMap + " serverside-applied (server dry run)");
    }
    assertThat(
            apiServer
                .client()
                .genericKubernetesResources("lethe.dev/v1alpha1", UNLEARNING_JOB)
                .inNamespace(onlyNamespace(rendering))
                .list()
                .getItems())
        .as("a dry run stores nothing")
        .isEmpty();
  }

  @Test
  void aJobTheCrdRefusesFailsTheSameDryRun() throws Exception {
    // beta and data.refusals belong to IdkDPO: GradientAscent with them breaks two CEL rules.
    Tools.Run applied = dryRunWith("staging", "    name: IdkDPO\n", "    name: GradientAscent\n");

    assertThat(applied.exitCode()).isNotZero();
    assertThat(applied.err())
        .contains("refuse-author-42")
        .contains("beta applies only to NPO, SimNPO and IdkDPO")
        .contains("data.refusals applies only to IdkDPO");
  }

  @Test
  void thePlatformsPolicyRefusesAJobOutsideItsGuardrails() throws Exception {
    Tools.Run applied = outsideTheGuardrails();

    assertThat(applied.exitCode()).isNotZero();
    assertThat(applied.err())
        .contains(
            "UnlearningPolicy team-nlp: priorityClassName system-node-critical is not allowed"
                + " (guardrails.priorityClasses: ml-training)");
  }

  /**
   * Kustomize gives each generated ConfigMap a hash suffix; the base's kustomizeconfig.yaml must
   * carry it into the jobs, or every job would wait for a ConfigMap that never appears.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"staging", "production"})
  void everyConfigMapAJobReadsIsRenderedWithTheKeyItNames(String overlay) throws Exception {
    Rendered rendering = render(OVERLAYS + overlay);

    List<JsonNode> references = new ArrayList<>();
    for (JsonNode job : rendering.all(UNLEARNING_JOB)) {
      job.path("spec").findParents("configMap").forEach(p -> references.add(p.get("configMap")));
    }

    assertThat(references).hasSize(3);
    for (JsonNode reference : references) {
      String name = reference.path("name").asText();
      String key = reference.path("key").asText();
      assertThat(rendering.names("ConfigMap")).as("ConfigMaps rendered").contains(name);
      JsonNode configMap = rendering.one("ConfigMap", name);
      assertThat(configMap.path("data").path(key).asText()).as("%s key %s", name, key).isNotBlank();
      assertThat(configMap.path("immutable").asBoolean()).as("%s is immutable", name).isTrue();
    }
  }

  @Test
  void theArgoCdApplicationSyncsAnOverlayOfThisRepositoryIntoItsNamespace() throws Exception {
    JsonNode application = GitOpsFiles.readYaml(gitops("argocd/application.yaml"));
    String path = application.at("/spec/source/path").asText();

    assertThat(application.path("apiVersion").asText()).isEqualTo("argoproj.io/v1alpha1");
    assertThat(application.path("kind").asText()).isEqualTo("Application");
    assertThat(path).startsWith(OVERLAYS);
    assertThat(GitOpsFiles.repository().resolve(path).resolve("kustomization.yaml"))
        .isRegularFile();
    assertThat(application.at("/spec/destination/namespace").asText())
        .isEqualTo(onlyNamespace(render(path)));
    JsonNode syncPolicy = application.path("spec").path("syncPolicy");
    assertThat(syncPolicy.at("/automated/prune").asBoolean()).isTrue();
    assertThat(syncPolicy.at("/automated/selfHeal").asBoolean()).isTrue();
    assertThat(texts(syncPolicy.path("syncOptions"))).contains("ServerSideApply=true");
  }

  @Test
  void theFluxKustomizationSyncsAnOverlayFromItsGitRepository() throws IOException {
    List<JsonNode> flux;
    try (Stream<Path> files = Files.list(gitops("flux"))) {
      flux = files.sorted().flatMap(file -> GitOpsFiles.readDocuments(file).stream()).toList();
    }
    JsonNode source = only(flux, "source.toolkit.fluxcd.io/v1", "GitRepository");
    JsonNode sync = only(flux, "kustomize.toolkit.fluxcd.io/v1", "Kustomization");
    String path = Path.of(sync.at("/spec/path").asText()).normalize().toString();

    assertThat(sync.at("/spec/sourceRef/kind").asText()).isEqualTo("GitRepository");
    assertThat(sync.at("/spec/sourceRef/name").asText())
        .isEqualTo(source.at("/metadata/name").asText());
    assertThat(sync.at("/metadata/namespace").asText())
        .as("a sourceRef without namespace is in the Kustomization's")
        .isEqualTo(source.at("/metadata/namespace").asText());
    assertThat(path).startsWith(OVERLAYS);
    assertThat(GitOpsFiles.repository().resolve(path).resolve("kustomization.yaml"))
        .isRegularFile();
    assertThat(sync.at("/spec/prune").asBoolean()).isTrue();
    assertThat(sync.at("/spec/wait").asBoolean()).isTrue();
    assertThat(sync.at("/spec/healthCheckExprs"))
        .anySatisfy(
            check -> {
              assertThat(check.path("apiVersion").asText()).isEqualTo("lethe.dev/v1alpha1");
              assertThat(check.path("kind").asText()).isEqualTo(UNLEARNING_JOB);
            });
  }

  private static Rendered render(String directory) throws Exception {
    Path path = GitOpsFiles.repository().resolve(directory);
    Tools.Run result = kubectl.run("", "kustomize", path.toString());
    assertThat(result.exitCode()).as("kubectl kustomize %s: %s", directory, result.err()).isZero();
    return Rendered.parse(result.out());
  }

  /**
   * A dry run cannot create the namespace that the objects after it need, so the rendered
   * namespaces are created for real first.
   */
  private static void createNamespaces(Rendered rendering) {
    for (String namespace : rendering.names("Namespace")) {
      apiServer
          .client()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .serverSideApply();
    }
  }

  /** The one Namespace an overlay renders. */
  private static String onlyNamespace(Rendered rendering) {
    assertThat(rendering.names("Namespace")).hasSize(1);
    return rendering.names("Namespace").get(0);
  }

  /** The production overlay with a priority class that team-nlp's policy does not allow. */
  private static Tools.Run outsideTheGuardrails() throws Exception {
    return dryRunWith(
        "production",
        "  priorityClassName: ml-training\n",
        "  priorityClassName: system-node-critical\n");
  }

  /** The overlay rendered, with one line of it replaced, applied with a server-side dry run. */
  private static Tools.Run dryRunWith(String overlay, String line, String replacement)
      throws Exception {
    Rendered rendering = render(OVERLAYS + overlay);
    createNamespaces(rendering);
    assertThat(rendering.yaml()).contains(line);
    return dryRun(rendering.yaml().replace(line, replacement));
  }

  private static Tools.Run dryRun(String yaml) throws Exception {
    return kubectl.run(yaml, "apply", "--server-side", "--dry-run=server", "-f", "-");
  }

  private static JsonNode only(List<JsonNode> objects, String apiVersion, String kind) {
    List<JsonNode> found =
        objects.stream()
            .filter(o -> o.path("apiVersion").asText().equals(apiVersion))
            .filter(o -> o.path("kind").asText().equals(kind))
            .toList();
    assertThat(found).as("%s %s objects", apiVersion, kind).hasSize(1);
    return found.get(0);
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(item -> texts.add(item.asText()));
    return texts;
  }
}
