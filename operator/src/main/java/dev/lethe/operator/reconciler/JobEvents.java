package dev.lethe.operator.reconciler;

import dev.lethe.api.v1alpha1.UnlearningJob;
import dev.lethe.operator.status.OneLine;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events on an UnlearningJob, one per change of state, with the conditions' reasons so
 * that {@code kubectl describe} and {@code kubectl get events} tell the same story as the status.
 * An Event that cannot be written is logged, never fails a reconcile.
 *
 * <p>An Event is written before the status that records the change, so an operator killed between
 * the two tells the change again once restarted. Its name is therefore made from what it tells and
 * the version of the job it tells it of ({@code <job>.<hash>}): told again of the same version, the
 * API server refuses it as existing, and it is not written twice. A later change of the same reason
 * comes from a newer version (the status written in between), so it gets a name of its own.
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
                  .withName(name(job, type, reason, message))
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
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        LOG.debug("{}/{}: event {} was already recorded", namespace, name, reason);
        return;
      }
      LOG.warn("{}/{}: cannot record event {}: {}", namespace, name, reason, e.getMessage());
    }
  }

  /**
   * {@code <job>.<16 hex digits>}, the digits from the job's uid and resourceVersion and the
   * Event's type, reason and message: the same for the same telling of the same version of the job.
   */
  static String name(UnlearningJob job, String type, String reason, String message) {
    String told =
        String.join(
            "\n",
            job.getMetadata().getUid(),
            job.getMetadata().getResourceVersion(),
            type,
            reason,
            message);
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(told.getBytes(StandardCharsets.UTF_8));
      return job.getMetadata().getName() + "." + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
