package dev.lethe.bench.operator;

import dev.lethe.api.v1alpha1.JobDocument;
import dev.lethe.api.v1alpha1.UnlearningPolicy;
import dev.lethe.operator.reconciler.JobInputs;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What waits for the operator before it starts: the default UnlearningPolicy governing every
 * namespace, {@code namespaces} namespaces with the minimal job's inputs in each, and {@code jobs}
 * minimal UnlearningJobs spread evenly over them, all created by the admin, many at a time.
 */
final class Backlog {
  /** Requests in flight while the jobs are created. */
  private static final int THREADS = 16;

  /** One UnlearningJob of the backlog. */
  record JobRef(String namespace, String name) {
    String trainerJob() {
      return name + "-trainer";
    }

    String key() {
      return namespace + "/" + name;
    }
  }

  private Backlog() {}

  static List<JobRef> plan(int jobs, int namespaces) {
    List<JobRef> refs = new ArrayList<>(jobs);
    for (int i = 0; i < jobs; i++) {
      refs.add(
          new JobRef(
              String.format(Locale.ROOT, "bench-%02d", i % namespaces),
              String.format(Locale.ROOT, "job-%04d", i)));
    }
    return refs;
  }

  static void create(KubernetesClient admin, List<JobRef> jobs) throws Exception {
    admin
        .resource(UnlearningPolicy.governingEveryNamespace(UnlearningPolicy.DEFAULT_NAME))
        .create();
    List<String> namespaces = jobs.stream().map(JobRef::namespace).distinct().toList();
    for (String ns : namespaces) {
      admin
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
      JobInputs.createAll(admin, ns);
    }
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> created = new ArrayList<>();
      for (JobRef job : jobs) {
        created.add(
            pool.submit(
                () ->
                    admin
                        .resource(
                            JobDocument.minimal().set("metadata.name", job.name()).toResource())
                        .inNamespace(job.namespace())
                        .create()));
      }
      for (Future<?> f : created) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }
}
