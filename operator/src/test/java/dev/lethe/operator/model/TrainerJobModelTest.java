package dev.lethe.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.api.v1alpha1.UnlearningJob;
import dev.lethe.contract.TrainerConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TrainerJobModelTest {
  static final String IMAGE = "ghcr.io/lethe/trainer:test";

  static Container trainer(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  static VolumeMount mountAt(Job job, String path) {
    return trainer(job).getVolumeMounts().stream()
        .filter(m -> m.getMountPath().equals(path))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void theJobRunsTheTrainerWithTheSpecsResourcesAndLimits() throws IOException {
    Job job = TrainerJobModel.desired(TrainerConfigModelTest.example("simnpo.yaml"), IMAGE);
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    Container trainer = trainer(job);

    assertThat(job.getMetadata().getName()).isEqualTo("forget-author-17-trainer");
    assertThat(job.getMetadata().getNamespace()).isEqualTo("ml");
    assertThat(job.getMetadata().getLabels())
        .containsEntry("lethe.dev/job", "forget-author-17")
        .containsEntry("app.kubernetes.io/managed-by", "lethe-operator");
    assertThat(job.getSpec().getBackoffLimit()).isEqualTo(2);
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(21600);
    assertThat(job.getSpec().getSuspend()).isFalse();
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getTolerations())
        .singleElement()
        .satisfies(t -> assertThat(t.getKey()).isEqualTo("nvidia.com/gpu"));
    assertThat(trainer.getImage()).isEqualTo(IMAGE);
    assertThat(trainer.getArgs()).containsExactly("run", "--config", "/etc/lethe/job.json");
    assertThat(trainer.getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(9464));
    assertThat(trainer.getResources().getLimits()).containsKeys("nvidia.com/gpu", "memory");
    assertThat(trainer.getTerminationMessagePolicy())
        .as("only the result file: a log's tail can hold anything the trainer read")
        .isEqualTo("File");
  }

  @Test
  void theTrainerRunsAsTheJobsOwnServiceAccountWithoutAToken() throws IOException {
    UnlearningJob example = TrainerConfigModelTest.example("simnpo.yaml");
    PodSpec pod = TrainerJobModel.desired(example, IMAGE).getSpec().getTemplate().getSpec();

    assertThat(pod.getServiceAccountName()).isEqualTo("forget-author-17-trainer");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(TrainerServiceAccountModel.desired(example))
        .satisfies(
            sa -> {
              assertThat(sa.getMetadata().getName()).isEqualTo("forget-author-17-trainer");
              assertThat(sa.getAutomountServiceAccountToken()).isFalse();
              assertThat(sa.getMetadata().getOwnerReferences())
                  .singleElement()
                  .satisfies(o -> assertThat(o.getName()).isEqualTo("forget-author-17"));
            });
  }

  @Test
  void exitCodesThatRetryingCannotFixFailTheJobAndPreemptionDoesNotCount() throws IOException {
    Job job = TrainerJobModel.desired(TrainerConfigModelTest.example("npo.yaml"), IMAGE);
    var rules = job.getSpec().getPodFailurePolicy().getRules();

    assertThat(rules.get(0).getAction()).isEqualTo("FailJob");
    assertThat(rules.get(0).getOnExitCodes().getContainerName()).isEqualTo("trainer");
    assertThat(rules.get(0).getOnExitCodes().getValues()).containsExactly(10, 11, 12, 13, 14);
    assertThat(rules.get(1).getAction()).isEqualTo("Ignore");
    assertThat(rules.get(1).getOnPodConditions())
        .singleElement()
        .satisfies(c -> assertThat(c.getType()).isEqualTo("DisruptionTarget"));
  }

  @Test
  void thePodIsRestricted() throws IOException {
    Job job = TrainerJobModel.desired(TrainerConfigModelTest.example("npo.yaml"), IMAGE);
    var pod = job.getSpec().getTemplate().getSpec().getSecurityContext();
    var container = trainer(job).getSecurityContext();

    assertThat(pod.getRunAsNonRoot()).isTrue();
    assertThat(pod.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(container.getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(mountAt(job, "/tmp").getReadOnly()).isFalse();
  }

  @Test
  void inputsAreReadOnlyAndTheOutputGoesToADirectoryNamedAfterTheJob() throws IOException {
    Job job = TrainerJobModel.desired(TrainerConfigModelTest.example("simnpo.yaml"), IMAGE);

    assertThat(mountAt(job, "/lethe/model").getSubPath()).isEqualTo("llama-3.2-1b-instruct");
    assertThat(mountAt(job, "/lethe/model").getReadOnly()).isTrue();
    assertThat(mountAt(job, "/lethe/data/forget").getReadOnly()).isTrue();
    assertThat(mountAt(job, "/lethe/data/retain/retain90.jsonl").getSubPath())
        .isEqualTo("tofu/retain90.jsonl");
    assertThat(mountAt(job, "/lethe/output").getSubPath()).isEqualTo("forget-author-17");
    assertThat(mountAt(job, "/lethe/output").getReadOnly()).isFalse();
  }

  @Test
  void theKueueQueueLabelIsPassedThrough() throws IOException {
    UnlearningJob job = TrainerConfigModelTest.example("npo.yaml");
    job.getMetadata().setLabels(java.util.Map.of(TrainerJobModel.QUEUE_LABEL, "gpu-queue"));

    assertThat(TrainerJobModel.desired(job, IMAGE).getMetadata().getLabels())
        .containsEntry(TrainerJobModel.QUEUE_LABEL, "gpu-queue");
  }

  @Test
  void theJobIsControlledByTheUnlearningJob() throws IOException {
    UnlearningJob job = TrainerConfigModelTest.example("simnpo.yaml");
    job.getMetadata().setUid("4f1c-uid");

    assertThat(TrainerJobModel.desired(job, IMAGE).getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("UnlearningJob");
              assertThat(o.getApiVersion()).isEqualTo("lethe.dev/v1alpha1");
              assertThat(o.getUid()).isEqualTo("4f1c-uid");
              assertThat(o.getController()).isTrue();
            });
  }

  @Test
  void suspensionFollowsTheSpecButAQueueReleasesItsOwnJobs() throws IOException {
    UnlearningJob job = TrainerConfigModelTest.example("simnpo.yaml");
    Job suspended = TrainerJobModel.desired(job, IMAGE);
    suspended.getSpec().setSuspend(true);

    assertThat(TrainerJobModel.suspended(job, null)).isFalse();
    assertThat(TrainerJobModel.suspended(job, suspended)).isFalse();

    // The queue label on the Job, from the job's labels or from a policy's defaults.
    suspended.getMetadata().getLabels().put(TrainerJobModel.QUEUE_LABEL, "gpu-queue");
    assertThat(TrainerJobModel.suspended(job, suspended)).as("Kueue admits it").isTrue();
    suspended.getSpec().setSuspend(false);
    assertThat(TrainerJobModel.suspended(job, suspended)).isFalse();
  }

  static Stream<String> examples() throws IOException {
    return TrainerConfigModelTest.exampleFiles();
  }

  /** Rendered from the same PodPaths, so every file the config names is where a mount puts it. */
  @ParameterizedTest
  @MethodSource("examples")
  void everyPathInTheTrainerConfigIsMounted(String file) throws IOException {
    UnlearningJob job = TrainerConfigModelTest.example(file);
    TrainerConfig config = TrainerConfigModel.desired(job);
    List<String> mounts =
        trainer(TrainerJobModel.desired(job, IMAGE)).getVolumeMounts().stream()
            .map(VolumeMount::getMountPath)
            .toList();

    Stream.concat(
            Stream.of(
                config.model().path(),
                config.output().path(),
                config.data().forget(),
                config.data().retain(),
                config.data().refusals(),
                config.data().anchors(),
                config.evaluation().retain(),
                config.evaluation().holdout(),
                config.evaluation().reference()),
            config.evaluation().utility().values().stream())
        .filter(path -> path != null)
        .forEach(
            path ->
                assertThat(mounts)
                    .anySatisfy(
                        m ->
                            assertThat(path.equals(m) || path.startsWith(m + "/"))
                                .as(path)
                                .isTrue()));
  }
}
