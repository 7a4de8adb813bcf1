package dev.lethe.operator.reconciler;

import dev.lethe.api.v1alpha1.UnlearningJob;
import dev.lethe.api.v1alpha1.UnlearningPolicy;
import dev.lethe.operator.policy.Policies;
import dev.lethe.operator.policy.PolicyResolution;
import dev.lethe.operator.status.JobLifecycle;
import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The UnlearningPolicies, watched cluster-wide: a change to any of them reconciles every job that
 * has not finished, so that one waiting on a PolicyViolation runs as soon as a policy allows it,
 * and one not yet started meets the policy as it is now. The namespaces are watched too (their
 * names and labels only), since a policy selects namespaces by their labels: a change of labels
 * looks again at the jobs of that namespace that have not started.
 */
final class GoverningPolicies {
  static final String EVENT_SOURCE = "unlearning-policies";

  static final String NAMESPACES = "namespaces";

  private final InformerEventSource<UnlearningPolicy, UnlearningJob> informer;
  private final InformerEventSource<Namespace, UnlearningJob> namespaces;

  private GoverningPolicies(
      InformerEventSource<UnlearningPolicy, UnlearningJob> informer,
      InformerEventSource<Namespace, UnlearningJob> namespaces) {
    this.informer = informer;
    this.namespaces = namespaces;
  }

  static GoverningPolicies watch(EventSourceContext<UnlearningJob> context) {
    var informer =
        new InformerEventSource<UnlearningPolicy, UnlearningJob>(
            InformerEventSourceConfiguration.from(UnlearningPolicy.class, UnlearningJob.class)
                .withName(EVENT_SOURCE)
                .withWatchAllNamespaces()
                .withFollowControllerNamespacesChanges(false)
                .withSecondaryToPrimaryMapper(
                    policy ->
                        context
                            .getPrimaryCache()
                            .list(job -> !JobLifecycle.finished(job))
                            .map(ResourceID::fromResource)
                            .collect(Collectors.toSet()))
                .build(),
            context);
    var namespaces =
        new InformerEventSource<Namespace, UnlearningJob>(
            InformerEventSourceConfiguration.from(Namespace.class, UnlearningJob.class)
                .withName(NAMESPACES)
                .withWatchAllNamespaces()
                .withFollowControllerNamespacesChanges(false)
                .withItemStore(new SlimStore<>(GoverningPolicies::labelsOnly))
                .withSecondaryToPrimaryMapper(
                    namespace ->
                        MissingInputs.notStarted(context, namespace.getMetadata().getName()))
                .build(),
            context);
    return new GoverningPolicies(informer, namespaces);
  }

  List<EventSource<?, UnlearningJob>> eventSources() {
    return List.of(informer, namespaces);
  }

  /** The job as the policies of its namespace, as they are now, make it run. */
  PolicyResolution resolve(UnlearningJob job, String operatorImage) {
    Map<String, String> labels =
        namespaces
            .get(new ResourceID(job.getMetadata().getNamespace()))
            .map(namespace -> namespace.getMetadata().getLabels())
            .orElse(null);
    return Policies.resolve(
        job, labels == null ? Map.of() : labels, informer.list().toList(), operatorImage);
  }

  private static Namespace labelsOnly(Namespace namespace) {
    Namespace slim = new Namespace();
    slim.setMetadata(SlimStore.identity(namespace.getMetadata()));
    slim.getMetadata().setLabels(namespace.getMetadata().getLabels());
    return slim;
  }
}
