package dev.lethe.operator.reconciler;

import dev.lethe.api.v1alpha1.UnlearningJob;
import dev.lethe.api.v1alpha1.UnlearningPolicy;
import dev.lethe.operator.policy.Policies;
import dev.lethe.operator.policy.PolicyResolution;
import dev.lethe.operator.status.JobLifecycle;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The UnlearningPolicies, watched cluster-wide: a change to any of them reconciles every job that
 * has not finished, so that one waiting on a PolicyViolation runs as soon as a policy allows it,
 * and one not yet started meets the policy as it is now.
 */
final class GoverningPolicies {
  static final String EVENT_SOURCE = "unlearning-policies";

  private final InformerEventSource<UnlearningPolicy, UnlearningJob> informer;
  private final KubernetesClient client;

  private GoverningPolicies(
      InformerEventSource<UnlearningPolicy, UnlearningJob> informer, KubernetesClient client) {
    this.informer = informer;
    this.client = client;
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
    return new GoverningPolicies(informer, context.getClient());
  }

  InformerEventSource<UnlearningPolicy, UnlearningJob> eventSource() {
    return informer;
  }

  /** The job as the policies of its namespace, as they are now, make it run. */
  PolicyResolution resolve(UnlearningJob job, String operatorImage) {
    Namespace namespace = client.namespaces().withName(job.getMetadata().getNamespace()).get();
    Map<String, String> labels =
        namespace == null || namespace.getMetadata().getLabels() == null
            ? Map.of()
            : namespace.getMetadata().getLabels();
    return Policies.resolve(job, labels, informer.list().toList(), operatorImage);
  }
}
