package dev.lethe.operator.reconciler;

import dev.lethe.api.v1alpha1.UnlearningJob;
import dev.lethe.contract.Limits;
import dev.lethe.operator.model.TrainerJobModel;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The trainer pods, watched through the {@code lethe.dev/job} label their Job's template gives them
 * (pods are owned by the Job, not by the UnlearningJob).
 */
final class TrainerPods {
  private TrainerPods() {}

  static final String EVENT_SOURCE = "trainer-pods";

  static InformerEventSource<Pod, UnlearningJob> eventSource(
      EventSourceContext<UnlearningJob> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Pod.class, UnlearningJob.class)
            .withName(EVENT_SOURCE)
            .withLabelSelector(TrainerJobModel.MANAGED_SELECTOR)
            .withSecondaryToPrimaryMapper(TrainerPods::owner)
            .build(),
        context);
  }

  private static Set<ResourceID> owner(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    String job = labels == null ? null : labels.get(TrainerJobModel.JOB_LABEL);
    return job == null ? Set.of() : Set.of(new ResourceID(job, pod.getMetadata().getNamespace()));
  }

  /** The newest pod: after a retry, the one that matters. */
  static Optional<Pod> latest(Collection<Pod> pods) {
    return pods.stream()
        .max(
            Comparator.comparing(TrainerPods::created)
                .thenComparing(p -> p.getMetadata().getName()));
  }

  private static Instant created(Pod pod) {
    String at = pod.getMetadata().getCreationTimestamp();
    return at == null ? Instant.MIN : Instant.parse(at);
  }

  /** Whether the pod runs and has an address to ask for progress. */
  static boolean running(Pod pod) {
    return pod.getStatus() != null
        && "Running".equals(pod.getStatus().getPhase())
        && pod.getStatus().getPodIP() != null;
  }

  /** The port the trainer serves {@code /progress} on, as its container declares it. */
  static int progressPort(Pod pod) {
    return pod.getSpec().getContainers().stream()
        .filter(c -> TrainerJobModel.CONTAINER.equals(c.getName()) && c.getPorts() != null)
        .flatMap(c -> c.getPorts().stream())
        .filter(p -> TrainerJobModel.METRICS_PORT.equals(p.getName()))
        .map(p -> p.getContainerPort())
        .findFirst()
        .orElse(Limits.TRAINER_PORT);
  }
}
