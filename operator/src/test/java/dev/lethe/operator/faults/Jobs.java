package dev.lethe.operator.faults;

import dev.lethe.api.v1alpha1.JobDocument;
import dev.lethe.api.v1alpha1.UnlearningJob;
import dev.lethe.operator.reconciler.JobInputs;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Many UnlearningJobs at once, and what the cluster says about them. */
final class Jobs {
  private Jobs() {}

  /** A namespace with every input of the minimal job. */
  static void namespaceWithInputs(KubernetesClient client, String ns) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    JobInputs.createAll(client, ns);
  }

  /** {@code count} minimal jobs named {@code prefix-00}, {@code prefix-01}, ... */
  static List<String> create(KubernetesClient client, String ns, String prefix, int count) {
    List<String> names =
        IntStream.range(0, count).mapToObj(i -> String.format("%s-%02d", prefix, i)).toList();
    for (String name : names) {
      client
          .resource(JobDocument.minimal().set("metadata.name", name).toResource())
          .inNamespace(ns)
          .create();
    }
    return names;
  }

  static List<UnlearningJob> list(KubernetesClient client, String ns) {
    return client.resources(UnlearningJob.class).inNamespace(ns).list().getItems();
  }

  /** A condition as {@code status/reason}, e.g. {@code True/JobCreated}; null before it is set. */
  static String condition(UnlearningJob job, String type) {
    if (job.getStatus() == null || job.getStatus().conditions() == null) {
      return null;
    }
    return job.getStatus().conditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .map(c -> c.getStatus() + "/" + c.getReason())
        .orElse(null);
  }

  static String message(UnlearningJob job, String type) {
    return job.getStatus().conditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .map(Condition::getMessage)
        .orElse(null);
  }

  /** Each job's condition of this type, by job name: {@code {a=True/JobCreated, b=null}}. */
  static Map<String, String> conditions(KubernetesClient client, String ns, String type) {
    return list(client, ns).stream()
        .collect(
            Collectors.toMap(
                j -> j.getMetadata().getName(),
                j -> String.valueOf(condition(j, type)),
                (a, b) -> a,
                TreeMap::new));
  }

  /** Every value of the map is {@code expected} and it holds every one of {@code names}. */
  static boolean all(Map<String, String> byJob, List<String> names, String expected) {
    return byJob.keySet().containsAll(names)
        && names.stream().allMatch(n -> expected.equals(byJob.get(n)));
  }

  static Map<String, Job> trainerJobs(KubernetesClient client, String ns) {
    return client.batch().v1().jobs().inNamespace(ns).list().getItems().stream()
        .collect(
            Collectors.toMap(j -> j.getMetadata().getName(), Function.identity(), (a, b) -> a));
  }

  /** The Events on UnlearningJobs in the namespace, counted by {@code job reason}. */
  static Map<String, Long> eventCounts(KubernetesClient client, String ns) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> "UnlearningJob".equals(e.getInvolvedObject().getKind()))
        .collect(
            Collectors.groupingBy(
                (Event e) -> e.getInvolvedObject().getName() + " " + e.getReason(),
                TreeMap::new,
                Collectors.counting()));
  }
}
