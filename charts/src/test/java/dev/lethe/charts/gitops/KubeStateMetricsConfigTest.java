package dev.lethe.charts.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lethe.api.v1alpha1.UnlearningJobCrd;
import dev.lethe.charts.gitops.KubeStateMetricsConfig.ReadPath;
import dev.lethe.contract.ExitCode;
import dev.lethe.contract.MetricNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The kube-state-metrics configuration in examples/gitops reads only what an UnlearningJob has: a
 * path missing from the CRD's schema would export nothing and log an error for every job.
 */
class KubeStateMetricsConfigTest {
  private final KubeStateMetricsConfig config =
      KubeStateMetricsConfig.load(
          GitOpsFiles.gitops("kube-state-metrics/custom-resource-state.yaml"));
  private final CrdSchema schema =
      CrdSchema.load(GitOpsFiles.repository().resolve(UnlearningJobCrd.FILE));

  @Test
  void watchesUnlearningJobsOfTheCrdsGroupVersionAndKind() {
    assertThat(config.kind()).isEqualTo("CustomResourceStateMetrics");
    assertThat(config.resources()).hasSize(1);
    JsonNode gvk = config.resources().get(0).path("groupVersionKind");

    assertThat(List.of(gvk.path("group").asText(), gvk.path("version").asText()))
        .containsExactly(schema.group(), schema.version());
    assertThat(gvk.path("kind").asText()).isEqualTo(schema.kind());
  }

  @Test
  void everyPathItReadsIsInTheCrdSchema() {
    List<ReadPath> paths = config.readPaths();

    assertThat(paths).hasSizeGreaterThan(10);
    assertThat(paths).filteredOn(read -> !schema.has(read.path())).isEmpty();
  }

  @Test
  void exportsTheConditionsTheStateProgressAndMethodOfEachJob() {
    List<List<String>> paths = config.readPaths().stream().map(ReadPath::path).toList();

    assertThat(paths)
        .contains(
            List.of("status", "conditions", "type"),
            List.of("status", "conditions", "status"),
            List.of("status", "conditions", "[type=Succeeded]", "reason"),
            List.of("status", "progress", "percent"),
            List.of("spec", "method", "name"),
            List.of("metadata", "namespace"),
            List.of("metadata", "name"));
  }

  @Test
  void theSchemaCheckRefusesWhatAnUnlearningJobDoesNotHave() {
    assertThat(schema.has(List.of("status", "progress", "percent"))).isTrue();
    assertThat(schema.has(List.of("status", "progress", "percentage"))).isFalse();
    assertThat(schema.has(List.of("status", "conditions", "[kind=Succeeded]", "reason"))).isFalse();
    assertThat(schema.has(List.of("spec", "method", "name", "value"))).isFalse();
    assertThat(schema.has(List.of("metadata", "finalizer"))).isFalse();
  }

  /**
   * The state StateSet exports one series per listed reason; a reason missing from the list would
   * leave a job in that state with no state at all.
   */
  @Test
  void theStateListsEveryReasonTheSucceededConditionCanHave() {
    List<String> states = new ArrayList<>();
    config.metric("state").at("/each/stateSet/list").forEach(s -> states.add(s.asText()));
    List<String> trainerOutcomes = Arrays.stream(ExitCode.values()).map(ExitCode::reason).toList();
    // README, "What the status says": the operator's reasons beside the trainer's exit codes.
    List<String> operatorReasons =
        List.of(
            "Pending",
            "MissingInput",
            "PolicyViolation",
            "Creating",
            "Suspended",
            "Running",
            "Unschedulable",
            "ImagePullFailed",
            "ContainerConfigError",
            "Preempted",
            "OOMKilled",
            "BackoffLimitExceeded",
            "DeadlineExceeded",
            "InvalidSpec",
            "Failed");

    assertThat(states)
        .containsAll(trainerOutcomes)
        .containsAll(operatorReasons)
        .doesNotHaveDuplicates();
  }

  @Test
  void metricNamesHaveTheirOwnPrefixAndClashWithNoneTheOperatorOrTrainerExports() {
    List<String> names = config.metricNames();

    assertThat(names).allMatch(name -> name.startsWith("lethe_unlearningjob_"));
    assertThat(names).doesNotContainAnyElementsOf(MetricNames.OPERATOR);
    assertThat(names).doesNotContainAnyElementsOf(MetricNames.TRAINER);
  }
}
