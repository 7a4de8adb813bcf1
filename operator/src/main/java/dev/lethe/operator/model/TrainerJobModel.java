package dev.lethe.operator.model;

import dev.lethe.api.v1alpha1.DataSource;
import dev.lethe.api.v1alpha1.EvaluationSpec;
import dev.lethe.api.v1alpha1.Names;
import dev.lethe.api.v1alpha1.UnlearningJob;
import dev.lethe.api.v1alpha1.UnlearningJobSpec;
import dev.lethe.contract.ExitCode;
import dev.lethe.contract.Limits;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRuleBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The batch/v1 Job that runs an UnlearningJob's trainer (docs/architecture.md#how-one-job-flows):
 * one pod, restricted security context, inputs read-only, a pod failure policy built from the
 * contract's exit codes. Pure: no client, no cluster.
 */
public final class TrainerJobModel {
  public static final String CONTAINER = "trainer";

  /** The trainer container's port for /metrics and /progress. */
  public static final String METRICS_PORT = "metrics";

  public static final String QUEUE_LABEL = "kueue.x-k8s.io/queue-name";
  public static final String JOB_LABEL = "lethe.dev/job";

  /** Selects what the operator made (ConfigMaps, Jobs, and the Jobs' pods) and nothing else. */
  public static final String MANAGED_SELECTOR = "app.kubernetes.io/managed-by=lethe-operator";

  /** Selects what the operator did not make: a job's inputs, never its trainer's config. */
  public static final String NOT_MANAGED_SELECTOR = "app.kubernetes.io/managed-by!=lethe-operator";

  private TrainerJobModel() {}

  public static Job desired(UnlearningJob job, String defaultImage) {
    UnlearningJobSpec spec = job.getSpec();
    String name = job.getMetadata().getName();
    Map<String, String> labels = labels(job);
    List<Volume> volumes = new ArrayList<>();
    List<VolumeMount> mounts = new ArrayList<>();
    volumes.add(
        new VolumeBuilder()
            .withName("config")
            .withNewConfigMap()
            .withName(Names.trainerConfig(name))
            .endConfigMap()
            .build());
    mounts.add(mount("config", PodPaths.CONFIG_DIR, null, true));
    volumes.add(claim("model", spec.model().pvc().claimName(), true));
    mounts.add(mount("model", PodPaths.MODEL, spec.model().pvc().path(), true));
    dataInputs(spec).forEach((role, source) -> addInput(role, source, volumes, mounts));
    String outputPath = Claims.outputPath(spec, name);
    volumes.add(claim("output", spec.output().pvc().claimName(), false));
    mounts.add(mount("output", PodPaths.OUTPUT, outputPath, false));
    volumes.add(new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build());
    mounts.add(mount("tmp", "/tmp", null, false));

    return new JobBuilder()
        .withNewMetadata()
        .withName(Names.trainerJob(name))
        .withNamespace(job.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(controller(job))
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(spec.backoffLimit() != null ? spec.backoffLimit() : 2)
        .withActiveDeadlineSeconds(spec.activeDeadlineSeconds())
        .withSuspend(Boolean.TRUE.equals(spec.suspend()))
        .withNewPodFailurePolicy()
        .withRules(
            new PodFailurePolicyRuleBuilder()
                .withAction("FailJob")
                .withNewOnExitCodes()
                .withContainerName(CONTAINER)
                .withOperator("In")
                .withValues(permanentExitCodes())
                .endOnExitCodes()
                .build(),
            new PodFailurePolicyRuleBuilder()
                .withAction("Ignore")
                .addNewOnPodCondition()
                .withType("DisruptionTarget")
                .withStatus("True")
                .endOnPodCondition()
                .build())
        .endPodFailurePolicy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withServiceAccountName(
            spec.serviceAccountName() != null
                ? spec.serviceAccountName()
                : Names.trainerServiceAccount(name))
        // The trainer talks to no API server: no token, whatever the ServiceAccount may do.
        .withAutomountServiceAccountToken(false)
        .withPriorityClassName(spec.priorityClassName())
        .withNodeSelector(spec.nodeSelector())
        .withTolerations(spec.tolerations())
        .withAffinity(spec.affinity())
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .withContainers(container(spec, defaultImage, mounts))
        .withVolumes(volumes)
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Container container(
      UnlearningJobSpec spec, String defaultImage, List<VolumeMount> mounts) {
    return new ContainerBuilder()
        .withName(CONTAINER)
        .withImage(spec.image() != null ? spec.image() : defaultImage)
        .withArgs("run", "--config", PodPaths.CONFIG_FILE)
        .addNewPort()
        .withName(METRICS_PORT)
        .withContainerPort(Limits.TRAINER_PORT)
        .endPort()
        .withResources(spec.resources())
        .withTerminationMessagePath(PodPaths.TERMINATION_MESSAGE)
        .withTerminationMessagePolicy("File")
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .withVolumeMounts(mounts)
        .build();
  }

  /**
   * Whether the Job should be suspended: as the spec says, except that a queued Job (one created
   * with the Kueue label, the job's own or a policy's) is released by its queue, so the operator
   * never clears a suspension there.
   *
   * @param actual the Job as it is; null before it exists
   */
  public static boolean suspended(UnlearningJob job, Job actual) {
    boolean asked = Boolean.TRUE.equals(job.getSpec().suspend());
    if (asked || actual == null || !queued(actual)) {
      return asked;
    }
    return Boolean.TRUE.equals(actual.getSpec().getSuspend());
  }

  private static boolean queued(Job job) {
    Map<String, String> labels = job.getMetadata().getLabels();
    return labels != null && labels.containsKey(QUEUE_LABEL);
  }

  /** The exit codes that retrying cannot fix: the Job fails at once (10-14). */
  static List<Integer> permanentExitCodes() {
    return Arrays.stream(ExitCode.values())
        .filter(ExitCode::isPermanentFailure)
        .map(ExitCode::code)
        .toList();
  }

  /**
   * The job as its children's controller: garbage collection deletes them with it, and {@code
   * kubectl describe} shows who controls them.
   */
  static OwnerReference controller(UnlearningJob job) {
    return new OwnerReferenceBuilder()
        .withApiVersion(job.getApiVersion())
        .withKind(job.getKind())
        .withName(job.getMetadata().getName())
        .withUid(job.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  static Map<String, String> labels(UnlearningJob job) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/name", "lethe-trainer");
    labels.put("app.kubernetes.io/instance", job.getMetadata().getName());
    labels.put("app.kubernetes.io/component", "trainer");
    labels.put("app.kubernetes.io/managed-by", "lethe-operator");
    labels.put(JOB_LABEL, job.getMetadata().getName());
    Map<String, String> own = job.getMetadata().getLabels();
    if (own != null && own.containsKey(QUEUE_LABEL)) {
      labels.put(QUEUE_LABEL, own.get(QUEUE_LABEL));
    }
    return labels;
  }

  /** The input files a spec names, by role ({@link PodPaths}). */
  public static Map<String, DataSource> dataInputs(UnlearningJobSpec spec) {
    Map<String, DataSource> inputs = new LinkedHashMap<>();
    inputs.put(PodPaths.FORGET, spec.data().forget());
    inputs.put(PodPaths.RETAIN, spec.data().retain());
    inputs.put(PodPaths.REFUSALS, spec.data().refusals());
    inputs.put(PodPaths.ANCHORS, spec.data().anchors());
    EvaluationSpec evaluation = spec.evaluation();
    if (evaluation != null) {
      inputs.put(PodPaths.EVALUATION_RETAIN, evaluation.retain());
      inputs.put(PodPaths.HOLDOUT, evaluation.holdout());
      inputs.put(PodPaths.REFERENCE, evaluation.reference());
      if (evaluation.utility() != null) {
        evaluation.utility().forEach((name, source) -> inputs.put(PodPaths.utility(name), source));
      }
    }
    inputs.values().removeIf(source -> source == null);
    return inputs;
  }

  /** A ConfigMap key becomes a file of a configMap volume; a file in a claim a subPath mount. */
  private static void addInput(
      String role, DataSource source, List<Volume> volumes, List<VolumeMount> mounts) {
    String volume = "data-" + role;
    if (source.configMap() != null) {
      volumes.add(
          new VolumeBuilder()
              .withName(volume)
              .withNewConfigMap()
              .withName(source.configMap().name())
              .addNewItem()
              .withKey(source.configMap().key())
              .withPath(source.configMap().key())
              .endItem()
              .endConfigMap()
              .build());
      mounts.add(mount(volume, PodPaths.dataDir(role), null, true));
    } else {
      volumes.add(claim(volume, source.pvc().claimName(), true));
      mounts.add(mount(volume, PodPaths.data(role, source), source.pvc().path(), true));
    }
  }

  private static Volume claim(String name, String claimName, boolean readOnly) {
    return new VolumeBuilder()
        .withName(name)
        .withNewPersistentVolumeClaim()
        .withClaimName(claimName)
        .withReadOnly(readOnly)
        .endPersistentVolumeClaim()
        .build();
  }

  private static VolumeMount mount(String volume, String path, String subPath, boolean readOnly) {
    return new VolumeMountBuilder()
        .withName(volume)
        .withMountPath(path)
        .withSubPath(subPath)
        .withReadOnly(readOnly)
        .build();
  }
}
