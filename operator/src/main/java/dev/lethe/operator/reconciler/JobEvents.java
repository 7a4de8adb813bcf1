package dev.lethe.operator.reconciler;

import dev.lethe.api.v1alpha1.UnlearningJob;
import dev.lethe.operator.status.OneLine;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events on an UnlearningJob, one per change of state, with the conditions' reasons so
 * that {@code kubectl describe} and {@code kubectl get events} tell the same story as the status.
 * An Event that cannot be written is logged, never fails a reconcile.
 */
final class JobEvents {
  private static final Logger LOG = LoggerFactory.getLogger(JobEvents.class);
  static final String COMPONENT = "lethe-operator";

  private final KubernetesClient client;
  private final Clock clock;
  private final String instance;

  JobEvents(KubernetesClient client, Clock clock, String instance) {
    this.client = client;
    this.clock = clock;
    this.instance = instance;
  }

  void normal(UnlearningJob job, String reason, String message) {
    emit(job, "Normal", reason, message);
  }

  void warning(UnlearningJob job, String reason, String message) {
    emit(job, "Warning", reason, message);
  }

  private void emit(UnlearningJob job, String type, String reason, String message) {
    String namespace = job.getMetadata().getNamespace();
    String name = job.getMetadata().getName();
    String at = clock.instant().toString();
    try {
      client
          .v1()
          .events()
          .inNamespace(namespace)
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withGenerateName(name + ".")
                  .withNamespace(namespace)
                  .endMetadata()
                  .withInvolvedObject(
                      new ObjectReferenceBuilder()
                          .withApiVersion(job.getApiVersion())
                          .withKind(job.getKind())
                          .withNamespace(namespace)
                          .withName(name)
                          .withUid(job.getMetadata().getUid())
                          .withResourceVersion(job.getMetadata().getResourceVersion())
                          .build())
                  .withType(type)
                  .withReason(reason)
                  .withMessage(OneLine.of(message, OneLine.MAX_MESSAGE))
                  .withFirstTimestamp(at)
                  .withLastTimestamp(at)
                  .withCount(1)
                  .withNewSource()
                  .withComponent(COMPONENT)
                  .endSource()
                  .withReportingComponent(COMPONENT)
                  .withReportingInstance(instance)
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      LOG.warn("{}/{}: cannot record event {}: {}", namespace, name, reason, e.getMessage());
    }
  }
}
