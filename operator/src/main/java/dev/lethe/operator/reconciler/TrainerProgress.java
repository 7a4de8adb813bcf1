package dev.lethe.operator.reconciler;

import dev.lethe.api.v1alpha1.UnlearningJob;
import dev.lethe.contract.ContractJson;
import dev.lethe.contract.Progress;
import dev.lethe.operator.status.JobLifecycle;
import dev.lethe.operator.status.ProgressReading;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.ResourceIDMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingConfigurationBuilder;
import io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingEventSource;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Polls {@code GET /progress} of each job's running trainer pod (pull, so the trainer needs no
 * Kubernetes credentials: docs/architecture.md#progress-pulled-not-pushed). A trainer that does not
 * answer gives a reading that says why; it never fails the job.
 */
final class TrainerProgress
    implements PerResourcePollingEventSource.ResourceFetcher<ProgressReading, UnlearningJob> {
  static final String EVENT_SOURCE = "trainer-progress";
  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final InformerEventSource<Pod, UnlearningJob> pods;
  private final HttpClient http;
  private final Clock clock;

  private TrainerProgress(InformerEventSource<Pod, UnlearningJob> pods, Clock clock) {
    this.pods = pods;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  static PerResourcePollingEventSource<ProgressReading, UnlearningJob, String> eventSource(
      EventSourceContext<UnlearningJob> context,
      InformerEventSource<Pod, UnlearningJob> pods,
      Duration period,
      Clock clock) {
    return new PerResourcePollingEventSource<>(
        ProgressReading.class,
        context,
        new PerResourcePollingConfigurationBuilder<ProgressReading, UnlearningJob, String>(
                new TrainerProgress(pods, clock), period)
            .withName(EVENT_SOURCE)
            .withRegisterPredicate(job -> !JobLifecycle.finished(job))
            .withResourceIDMapper(ResourceIDMapper.singleResourceResourceIDMapper())
            .build());
  }

  @Override
  public Set<ProgressReading> fetchResources(UnlearningJob job) {
    Optional<Pod> pod =
        TrainerPods.latest(pods.getSecondaryResources(job)).filter(TrainerPods::running);
    return pod.map(p -> Set.of(read(p))).orElse(Set.of());
  }

  private ProgressReading read(Pod pod) {
    URI uri = uri(pod.getStatus().getPodIP(), TrainerPods.progressPort(pod));
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return ProgressReading.unavailable(uri + " answered HTTP " + response.statusCode());
      }
      return ProgressReading.read(
          ContractJson.read(response.body(), Progress.class), clock.instant());
    } catch (HttpTimeoutException e) {
      return ProgressReading.unavailable(
          uri + " did not answer within " + TIMEOUT.toSeconds() + " s");
    } catch (ConnectException e) {
      return ProgressReading.unavailable(uri + ": connection refused");
    } catch (ProtocolException e) {
      // Not quoted: the JDK's message quotes what the pod answered.
      return ProgressReading.unavailable(uri + " answered something that is not HTTP/1.1");
    } catch (IOException e) {
      return ProgressReading.unavailable(
          uri + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    } catch (IllegalArgumentException e) {
      return ProgressReading.unavailable(
          uri + " answered something that is not progress: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ProgressReading.unavailable("interrupted");
    }
  }

  static URI uri(String podIp, int port) {
    String host = podIp.contains(":") ? "[" + podIp + "]" : podIp;
    return URI.create("http://" + host + ":" + port + "/progress");
  }
}
