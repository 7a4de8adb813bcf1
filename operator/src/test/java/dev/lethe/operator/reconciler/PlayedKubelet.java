package dev.lethe.operator.reconciler;

import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The test API server has no kubelet and no Job controller: this writes what they would, as
 * controller-runtime's envtest users do. Pods are made from the Job's template, owned by the Job.
 * The chart's tests use it too (the operator's test-jar).
 */
public final class PlayedKubelet {
  private final KubernetesClient client;

  public PlayedKubelet(KubernetesClient client) {
    this.client = client;
  }

  /**
   * The Job controller starts a pod; the kubelet runs it at {@code ip}, serving on {@code port}.
   */
  public Pod startPod(Job job, String ip, int port) {
    String namespace = job.getMetadata().getNamespace();
    int attempt =
        job.getStatus() == null || job.getStatus().getFailed() == null
            ? 0
            : job.getStatus().getFailed();
    var template = job.getSpec().getTemplate();
    var container = template.getSpec().getContainers().get(0);
    container.setPorts(
        List.of(new ContainerPortBuilder().withName("metrics").withContainerPort(port).build()));
    Pod pod =
        client
            .pods()
            .inNamespace(namespace)
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName(job.getMetadata().getName() + "-" + attempt)
                    .withNamespace(namespace)
                    .withLabels(template.getMetadata().getLabels())
                    .addToLabels("batch.kubernetes.io/job-name", job.getMetadata().getName())
                    .withOwnerReferences(
                        new OwnerReferenceBuilder()
                            .withApiVersion("batch/v1")
                            .withKind("Job")
                            .withName(job.getMetadata().getName())
                            .withUid(job.getMetadata().getUid())
                            .withController(true)
                            .build())
                    .endMetadata()
                    .withSpec(template.getSpec())
                    .build())
            .create();
    pod.setStatus(
        new PodStatusBuilder()
            .withPhase("Running")
            .withPodIP(ip)
            .withStartTime(now())
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName("trainer")
                    .withImage(container.getImage())
                    .withImageID("")
                    .withReady(true)
                    .withRestartCount(0)
                    .withNewState()
                    .withNewRunning()
                    .withStartedAt(now())
                    .endRunning()
                    .endState()
                    .build())
            .build());
    Pod running = client.pods().resource(pod).updateStatus();
    Job fresh = client.batch().v1().jobs().resource(job).get();
    if (fresh.getStatus() == null || fresh.getStatus().getStartTime() == null) {
      fresh.setStatus(new JobStatusBuilder().withStartTime(now()).build());
    }
    fresh.getStatus().setActive(1);
    fresh.getStatus().setReady(1);
    client.batch().v1().jobs().resource(fresh).updateStatus();
    return running;
  }

  /** The trainer container ends with this code; {@code message} is its termination message. */
  public Pod terminate(Pod pod, int exitCode, String reason, String message) {
    Pod fresh = client.pods().resource(pod).get();
    ContainerStatus trainer =
        new ContainerStatusBuilder(fresh.getStatus().getContainerStatuses().get(0))
            .withReady(false)
            .withNewState()
            .withNewTerminated()
            .withExitCode(exitCode)
            .withReason(reason)
            .withMessage(message)
            .withStartedAt(now())
            .withFinishedAt(now())
            .endTerminated()
            .endState()
            .build();
    fresh.getStatus().setContainerStatuses(List.of(trainer));
    fresh.getStatus().setPhase(exitCode == 0 ? "Succeeded" : "Failed");
    return client.pods().resource(fresh).updateStatus();
  }

  /** The pod is being preempted: the DisruptionTarget condition, as the scheduler sets it. */
  Pod preempt(Pod pod) {
    Pod fresh = client.pods().resource(pod).get();
    fresh
        .getStatus()
        .getConditions()
        .add(
            new PodConditionBuilder()
                .withType("DisruptionTarget")
                .withStatus("True")
                .withReason("PreemptionByScheduler")
                .withLastTransitionTime(now())
                .build());
    return client.pods().resource(fresh).updateStatus();
  }

  /** The Job controller marks the Job complete (one pod succeeded). */
  public Job complete(Job job) {
    Job fresh = client.batch().v1().jobs().resource(job).get();
    var status = fresh.getStatus();
    status.setActive(0);
    status.setReady(0);
    status.setSucceeded(1);
    status.setCompletionTime(now());
    status.setConditions(
        conditions(
            condition("SuccessCriteriaMet", "CompletionsReached"),
            condition("Complete", "CompletionsReached")));
    return client.batch().v1().jobs().resource(fresh).updateStatus();
  }

  /**
   * The Job controller fails the Job with this reason (PodFailurePolicy, BackoffLimitExceeded...).
   */
  Job fail(Job job, String reason, String message) {
    Job fresh = client.batch().v1().jobs().resource(job).get();
    var status = fresh.getStatus();
    status.setActive(0);
    status.setReady(0);
    status.setFailed(1 + (status.getFailed() == null ? 0 : status.getFailed()));
    JobCondition target = condition("FailureTarget", reason);
    target.setMessage(message);
    JobCondition failed = condition("Failed", reason);
    failed.setMessage(message);
    status.setConditions(conditions(target, failed));
    return client.batch().v1().jobs().resource(fresh).updateStatus();
  }

  private static List<JobCondition> conditions(JobCondition... conditions) {
    return new ArrayList<>(List.of(conditions));
  }

  private static JobCondition condition(String type, String reason) {
    return new JobConditionBuilder()
        .withType(type)
        .withStatus("True")
        .withReason(reason)
        .withLastProbeTime(now())
        .withLastTransitionTime(now())
        .build();
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
