package dev.lethe.bench.operator;

import dev.lethe.api.v1alpha1.Conditions;
import dev.lethe.api.v1alpha1.UnlearningJob;
import dev.lethe.operator.status.Reasons;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Watches, as the admin, what the operator makes of the backlog: when each trainer Job ({@code
 * <job>-trainer}) first exists and when each UnlearningJob first says Pending (its Succeeded
 * condition's reason, the STATUS column of {@code kubectl get uj}). Informers, so the bench asks
 * the API server for nothing while it waits.
 */
final class JobWatch implements AutoCloseable {
  private final Set<String> expected;
  private final Map<String, Instant> trainerCreated = new ConcurrentHashMap<>();
  private final Map<String, Instant> pending = new ConcurrentHashMap<>();
  private final SharedIndexInformer<Job> trainers;
  private final SharedIndexInformer<UnlearningJob> jobs;

  /**
   * @param expected the backlog's jobs, as namespace/name
   */
  JobWatch(KubernetesClient admin, Set<String> expected) {
    this.expected = expected;
    this.trainers =
        admin
            .batch()
            .v1()
            .jobs()
            .inAnyNamespace()
            .inform(
                handler(
                    job ->
                        key(job.getMetadata().getNamespace(), job.getMetadata().getName())
                            .filter(k -> job.getMetadata().getName().endsWith("-trainer"))
                            .ifPresent(k -> trainerCreated.putIfAbsent(k, Instant.now()))));
    this.jobs =
        admin
            .resources(UnlearningJob.class)
            .inAnyNamespace()
            .inform(
                handler(
                    job -> {
                      if (state(job).equals(Optional.of(Reasons.PENDING))) {
                        pending.putIfAbsent(
                            job.getMetadata().getNamespace() + "/" + job.getMetadata().getName(),
                            Instant.now());
                      }
                    }));
  }

  /** namespace/name of the UnlearningJob a trainer Job belongs to, if it is one of ours. */
  private Optional<String> key(String namespace, String trainer) {
    String job = namespace + "/" + trainer.replaceFirst("-trainer$", "");
    return expected.contains(job) ? Optional.of(job) : Optional.empty();
  }

  private static <T> ResourceEventHandler<T> handler(Consumer<T> seen) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        seen.accept(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        seen.accept(newObj);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {}
    };
  }

  /** The job's state as {@code kubectl get uj} shows it; empty before the operator said any. */
  static Optional<String> state(UnlearningJob job) {
    return job.getStatus() == null || job.getStatus().conditions() == null
        ? Optional.empty()
        : job.getStatus().conditions().stream()
            .filter(c -> Conditions.SUCCEEDED.equals(c.getType()))
            .map(Condition::getReason)
            .findFirst();
  }

  int trainerJobs() {
    return trainerCreated.size();
  }

  int pendingJobs() {
    return (int) pending.keySet().stream().filter(expected::contains).count();
  }

  /** When the last trainer Job appeared; empty until all have. */
  Optional<Instant> allTrainerJobs() {
    return trainerCreated.size() < expected.size()
        ? Optional.empty()
        : trainerCreated.values().stream().max(Instant::compareTo);
  }

  /** When the last job first said Pending; empty until all have. */
  Optional<Instant> allPending() {
    return pendingJobs() < expected.size()
        ? Optional.empty()
        : pending.values().stream().max(Instant::compareTo);
  }

  /** How many of the backlog's jobs are in each state now (none: not looked at yet). */
  Map<String, Long> states() {
    return jobs.getStore().list().stream()
        .filter(
            j ->
                expected.contains(j.getMetadata().getNamespace() + "/" + j.getMetadata().getName()))
        .collect(
            Collectors.groupingBy(
                j -> state(j).orElse("(no status)"), TreeMap::new, Collectors.counting()));
  }

  @Override
  public void close() {
    trainers.close();
    jobs.close();
  }
}
