package dev.lethe.operator.reconciler;

import dev.lethe.api.v1alpha1.Names;
import dev.lethe.api.v1alpha1.UnlearningJob;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Why the Job controller cannot create a trainer pod: the API server refused it (a ResourceQuota,
 * Pod Security admission, an admission webhook). Such a Job has no pod to say so; the Job
 * controller records a {@code FailedCreate} Event on the Job and retries. Only those Events are
 * watched (a field selector), so the cache holds refusals and nothing else.
 */
final class PodCreationFailures {
  private PodCreationFailures() {}

  static final String EVENT_SOURCE = "pod-creation-failures";

  /** The Job controller's reason for a pod it could not create. */
  static final String FAILED_CREATE = "FailedCreate";

  static InformerEventSource<Event, UnlearningJob> eventSource(
      EventSourceContext<UnlearningJob> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Event.class, UnlearningJob.class)
            .withName(EVENT_SOURCE)
            .withFieldSelector(
                new FieldSelector(
                    new FieldSelector.Field("involvedObject.kind", "Job"),
                    new FieldSelector.Field("reason", FAILED_CREATE)))
            .withSecondaryToPrimaryMapper(PodCreationFailures::job)
            .build(),
        context);
  }

  private static Set<ResourceID> job(Event event) {
    return Names.jobOfTrainer(event.getInvolvedObject().getName())
        .map(name -> Set.of(new ResourceID(name, event.getMetadata().getNamespace())))
        .orElse(Set.of());
  }

  /** The latest refusal of this trainer Job's pods, in the API server's words. */
  static Optional<String> latest(Collection<Event> events, Job trainer) {
    String uid = trainer.getMetadata().getUid();
    return events.stream()
        .filter(e -> Objects.equals(uid, e.getInvolvedObject().getUid()))
        .max(Comparator.comparing(PodCreationFailures::at))
        .map(Event::getMessage);
  }

  /** When the Job controller last said it (it counts repeats in one Event). */
  private static String at(Event event) {
    return Objects.requireNonNullElse(
        event.getLastTimestamp(),
        Objects.requireNonNullElse(event.getMetadata().getCreationTimestamp(), ""));
  }
}
