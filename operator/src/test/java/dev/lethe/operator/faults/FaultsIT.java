package dev.lethe.operator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lethe.api.v1alpha1.JobDocument;
import dev.lethe.api.v1alpha1.Names;
import dev.lethe.api.v1alpha1.TestApiServer;
import dev.lethe.api.v1alpha1.TestControllerManager;
import dev.lethe.api.v1alpha1.UnlearningJob;
import dev.lethe.api.v1alpha1.UnlearningPolicy;
import dev.lethe.operator.LetheOperator;
import dev.lethe.operator.OperatorSettings;
import dev.lethe.operator.reconciler.JobInputs;
import dev.lethe.operator.reconciler.Quotas;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many jobs, and inputs that go away, against a real control plane: kube-apiserver and etcd, and
 * kube-controller-manager's Job controller (it makes the trainer pods, and deletes them on
 * suspension) and garbage collectors; no scheduler, so trainer pods stay Pending. The operator runs
 * in this JVM. Each test has its own namespaces.
 */
class FaultsIT {
  static final Duration POLL = Duration.ofMillis(500);
  static final Duration LONG = Duration.ofSeconds(90);
  static final List<String> CONTROLLERS =
      List.of("job-controller", "garbage-collector-controller", "pod-garbage-collector-controller");

  static TestApiServer server;
  static TestControllerManager controllers;
  static KubernetesClient client;
  static PrometheusMeterRegistry registry;
  static LetheOperator operator;

  @BeforeAll
  static void start() throws IOException {
    server = TestApiServer.startWithCrd();
    client = server.client();
    client
        .resource(UnlearningPolicy.governingEveryNamespace(UnlearningPolicy.DEFAULT_NAME))
        .create();
    controllers = TestControllerManager.start(server, CONTROLLERS);
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    operator =
        new LetheOperator(
            OperatorSettings.defaults()
                .withTrainerImage("registry.test/lethe-trainer:faults")
                .withProgressPollInterval(POLL)
                .withLeaderElection(false, null, "unused")
                .withHttpPort(0),
            client,
            registry,
            "faults-it");
    operator.start();
  }

  @AfterAll
  static void stop() throws IOException {
    if (operator != null) {
      operator.close();
    }
    if (controllers != null) {
      assertThat(controllers.alive())
          .as("kube-controller-manager still runs (log: %s)", controllers.log())
          .isTrue();
      controllers.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void suspendingAndResumingThirtyJobsSuspendsAndResumesEveryTrainerJob() {
    String ns = "suspend";
    Jobs.namespaceWithInputs(client, ns);
    List<String> names = Jobs.create(client, ns, "batch", 30);
    awaitAll(ns, names, "Succeeded", "Unknown/Pending");
    Map<String, String> uids = uids(Jobs.trainerJobs(client, ns).values());
    awaitPods(ns, names.size());

    setSuspend(ns, names, true);

    awaitAll(ns, names, "Suspended", "True/Suspended");
    assertThat(Jobs.conditions(client, ns, "Succeeded"))
        .allSatisfy((job, succeeded) -> assertThat(succeeded).isEqualTo("Unknown/Suspended"));
    assertThat(Jobs.trainerJobs(client, ns).values())
        .hasSize(names.size())
        .allSatisfy(j -> assertThat(j.getSpec().getSuspend()).isTrue());
    // The Job controller stops a suspended Job's pods and says so on the Job.
    awaitPods(ns, 0);
    await()
        .atMost(LONG)
        .pollInterval(POLL)
        .alias("the Job controller marks every trainer Job Suspended")
        .until(
            () ->
                Jobs.trainerJobs(client, ns).values().stream()
                    .allMatch(j -> jobCondition(j, "Suspended")));

    setSuspend(ns, names, false);

    awaitAll(ns, names, "Suspended", "False/Pending");
    assertThat(Jobs.conditions(client, ns, "Succeeded"))
        .allSatisfy((job, succeeded) -> assertThat(succeeded).isEqualTo("Unknown/Pending"));
    assertThat(Jobs.trainerJobs(client, ns).values())
        .allSatisfy(j -> assertThat(j.getSpec().getSuspend()).isFalse());
    awaitPods(ns, names.size());
    assertThat(uids(Jobs.trainerJobs(client, ns).values()))
        .as("the same trainer Jobs, suspended and resumed, never made again")
        .isEqualTo(uids);
    assertThat(Jobs.list(client, ns))
        .allSatisfy(j -> assertThat(j.getStatus().observedGeneration()).isEqualTo(3));
    assertThat(Jobs.eventCounts(client, ns))
        .as("each step told once: JobCreated, Suspended, and Pending once resumed")
        .isEqualTo(
            names.stream()
                .flatMap(
                    job ->
                        Stream.of(
                            Map.entry(job + " JobCreated", 1L),
                            Map.entry(job + " Pending", 1L),
                            Map.entry(job + " Suspended", 1L)))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
  }

  @Test
  void deletingThirtyJobsDeletesEveryChildAndNothingIsMadeAgain() throws Exception {
    String ns = "delete";
    Jobs.namespaceWithInputs(client, ns);
    Map<String, Set<String>> made = new ConcurrentHashMap<>();
    try (Watch jobs = client.batch().v1().jobs().inNamespace(ns).watch(recorder(made));
        Watch configs =
            client.configMaps().inNamespace(ns).withLabel("lethe.dev/job").watch(recorder(made));
        Watch accounts =
            client
                .serviceAccounts()
                .inNamespace(ns)
                .withLabel("lethe.dev/job")
                .watch(recorder(made))) {
      List<String> names = Jobs.create(client, ns, "doomed", 30);
      awaitAll(ns, names, "Succeeded", "Unknown/Pending");
      awaitPods(ns, names.size());
      double errorsBefore = reconcileErrors();

      try (LogTap log = LogTap.start()) {
        // kubectl delete's default (background) for half; Argo CD's default (foreground) for the
        // rest, which keeps each job, marked for deletion, until its children are gone.
        for (int i = 0; i < names.size(); i++) {
          client
              .resources(UnlearningJob.class)
              .inNamespace(ns)
              .withName(names.get(i))
              .withPropagationPolicy(
                  i % 2 == 0 ? DeletionPropagation.BACKGROUND : DeletionPropagation.FOREGROUND)
              .delete();
        }

        await()
            .atMost(LONG)
            .pollInterval(POLL)
            .alias("the jobs, their trainer Jobs, configs, ServiceAccounts and pods are gone")
            .until(() -> left(ns), List::isEmpty);
        await()
            .during(POLL.multipliedBy(6))
            .atMost(POLL.multipliedBy(12))
            .alias("nothing comes back")
            .until(() -> left(ns), List::isEmpty);

        assertThat(made)
            .as("every trainer Job, config and ServiceAccount made once, never again")
            .hasSize(3 * names.size())
            .allSatisfy((name, uids) -> assertThat(uids).as(name).hasSize(1));
        assertThat(made.keySet())
            .containsAll(names.stream().map(n -> "Job " + Names.trainerJob(n)).toList())
            .containsAll(names.stream().map(n -> "ConfigMap " + Names.trainerConfig(n)).toList());
        assertThat(log.warnings()).as("the operator's warnings and errors").isEmpty();
        assertThat(reconcileErrors()).isEqualTo(errorsBefore);
      }
    }
  }

  /**
   * The Job controller's pod refused by the API server (a quota of no pods): the job says so in the
   * API server's words, from the Job controller's FailedCreate Event, and waits; once the quota
   * goes, the Job controller makes the pod and the job is Pending again.
   */
  @Test
  void aTrainerPodTheApiServerRefusesIsSaidInItsWordsUntilItIsAllowed() {
    String ns = "pods-refused";
    Jobs.namespaceWithInputs(client, ns);
    ResourceQuota quota = Quotas.none(client, ns, "pods");
    create(ns, "refused");

    awaitCondition(ns, "refused", "Succeeded", "Unknown/PodCreationRefused");
    assertThat(Jobs.message(uj(ns, "refused"), "Succeeded"))
        .startsWith("the trainer pod cannot be created (the Job controller keeps trying):")
        .contains("is forbidden: exceeded quota: none-pods");
    client.resource(quota).delete();

    awaitPods(ns, 1);
    awaitCondition(ns, "refused", "Succeeded", "Unknown/Pending");
  }

  /**
   * A job the API server refuses to give a trainer Job (a quota, here) waits before its Job exists;
   * its ConfigMap and ServiceAccount are made. Its input deleted then, it goes back to MissingInput
   * and makes no Job even once the quota allows one; it starts once the input is back.
   */
  @Test
  void anInputDeletedBeforeTheTrainerJobExistsHoldsTheJobUntilItIsBack() {
    String ns = "input-before";
    Jobs.namespaceWithInputs(client, ns);
    ResourceQuota quota = Quotas.none(client, ns, "count/jobs.batch");
    create(ns, "waits");
    awaitCondition(ns, "waits", "Accepted", "Unknown/Creating");

    client.configMaps().inNamespace(ns).withName("facts").delete();

    awaitCondition(ns, "waits", "Accepted", "False/MissingInput");
    assertThat(Jobs.message(uj(ns, "waits"), "Accepted")).startsWith("ConfigMap facts does not");
    client.resource(quota).delete();
    await()
        .during(POLL.multipliedBy(6))
        .atMost(POLL.multipliedBy(12))
        .alias("no trainer Job while the input is missing, though the quota allows it")
        .until(() -> Jobs.trainerJobs(client, ns).isEmpty() && missingInput(uj(ns, "waits")));

    JobInputs.createFacts(client, ns, "forget.jsonl", "{\"question\":\"q\",\"answer\":\"a\"}\n");

    awaitCondition(ns, "waits", "Accepted", "True/JobCreated");
    assertThat(Jobs.trainerJobs(client, ns)).containsOnlyKeys("waits-trainer");
  }

  /**
   * Once the trainer Job exists, the job runs as it was created (README, Policies: "Once its
   * trainer Job exists, it runs as it was created"): inputs are not looked at again, and deleting
   * one neither sends the job back to MissingInput nor touches its Job. Its pod cannot start then;
   * a real cluster's scheduler or kubelet says why on the pod.
   */
  @Test
  void anInputDeletedAfterTheTrainerJobExistsLeavesTheJobAsItIs() {
    String ns = "input-after";
    Jobs.namespaceWithInputs(client, ns);
    create(ns, "started");
    awaitCondition(ns, "started", "Succeeded", "Unknown/Pending");
    awaitPods(ns, 1);
    Job before = Jobs.trainerJobs(client, ns).get("started-trainer");

    client.configMaps().inNamespace(ns).withName("facts").delete();
    client.persistentVolumeClaims().inNamespace(ns).withName("models").delete();

    await()
        .during(POLL.multipliedBy(6))
        .atMost(POLL.multipliedBy(12))
        .alias("the job stays Accepted and Pending, its trainer Job as it was")
        .until(
            () -> {
              UnlearningJob job = uj(ns, "started");
              Job trainer = Jobs.trainerJobs(client, ns).get("started-trainer");
              return "True/JobCreated".equals(Jobs.condition(job, "Accepted"))
                  && "Unknown/Pending".equals(Jobs.condition(job, "Succeeded"))
                  && trainer != null
                  && trainer.getMetadata().getUid().equals(before.getMetadata().getUid())
                  && !trainer.getSpec().getSuspend();
            });
  }

  /**
   * README: creating the Job failed ({@code Creating}) "and it is retried". Refused for longer than
   * the SDK's default retries last (5 attempts, about 16 s), the job must still start once the API
   * server allows it.
   */
  @Test
  void aJobRefusedLongerThanTheRetriesLastStartsOnceItIsAllowed() {
    String ns = "refused";
    Jobs.namespaceWithInputs(client, ns);
    ResourceQuota quota = Quotas.none(client, ns, "count/jobs.batch");
    create(ns, "patient");
    awaitCondition(ns, "patient", "Accepted", "Unknown/Creating");
    await().pollDelay(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(21)).until(() -> true);
    assertThat(Jobs.trainerJobs(client, ns)).isEmpty();

    client.resource(quota).delete();

    awaitCondition(ns, "patient", "Accepted", "True/JobCreated");
  }

  // ---------------------------------------------------------------------------------------------

  static void create(String ns, String name) {
    client
        .resource(JobDocument.minimal().set("metadata.name", name).toResource())
        .inNamespace(ns)
        .create();
  }

  static UnlearningJob uj(String ns, String name) {
    return client.resources(UnlearningJob.class).inNamespace(ns).withName(name).get();
  }

  static boolean missingInput(UnlearningJob job) {
    return "False/MissingInput".equals(Jobs.condition(job, "Accepted"));
  }

  static void awaitCondition(String ns, String name, String type, String statusAndReason) {
    await()
        .atMost(LONG)
        .pollInterval(Duration.ofMillis(200))
        .alias(ns + "/" + name + " " + type + " " + statusAndReason)
        .until(() -> uj(ns, name), j -> statusAndReason.equals(Jobs.condition(j, type)));
  }

  static void awaitAll(String ns, List<String> names, String type, String statusAndReason) {
    await()
        .atMost(LONG)
        .pollInterval(POLL)
        .alias("every job in " + ns + ": " + type + " " + statusAndReason)
        .until(
            () -> Jobs.conditions(client, ns, type),
            byJob -> Jobs.all(byJob, names, statusAndReason));
  }

  /** Waits until the namespace holds this many trainer pods that are not being deleted. */
  static void awaitPods(String ns, int count) {
    await()
        .atMost(LONG)
        .pollInterval(POLL)
        .alias(count + " trainer pods in " + ns)
        .until(
            () ->
                client.pods().inNamespace(ns).withLabel("lethe.dev/job").list().getItems().stream()
                    .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                    .count(),
            n -> n == count);
  }

  /** {@code kubectl patch uj NAME --type merge -p '{"spec":{"suspend":...}}'} for each. */
  static void setSuspend(String ns, List<String> names, boolean suspend) {
    for (String name : names) {
      client
          .resources(UnlearningJob.class)
          .inNamespace(ns)
          .withName(name)
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"suspend\":" + suspend + "}}");
    }
  }

  static boolean jobCondition(Job job, String type) {
    return job.getStatus() != null
        && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream()
            .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  static Map<String, String> uids(java.util.Collection<? extends HasMetadata> objects) {
    return objects.stream()
        .collect(Collectors.toMap(o -> o.getMetadata().getName(), o -> o.getMetadata().getUid()));
  }

  /** What is left of the jobs in the namespace, e.g. {@code [Job doomed-03-trainer]}. */
  static List<String> left(String ns) {
    return Stream.of(
            Jobs.list(client, ns).stream(),
            client.batch().v1().jobs().inNamespace(ns).list().getItems().stream(),
            client
                .configMaps()
                .inNamespace(ns)
                .withLabel("lethe.dev/job")
                .list()
                .getItems()
                .stream(),
            client
                .serviceAccounts()
                .inNamespace(ns)
                .withLabel("lethe.dev/job")
                .list()
                .getItems()
                .stream(),
            client.pods().inNamespace(ns).withLabel("lethe.dev/job").list().getItems().stream())
        .flatMap(s -> s.map(o -> (HasMetadata) o))
        .map(o -> o.getKind() + " " + o.getMetadata().getName())
        .toList();
  }

  /** Records the uid of each object ADDED, by {@code Kind name}. */
  static <T extends HasMetadata> Watcher<T> recorder(Map<String, Set<String>> made) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, T object) {
        if (action == Action.ADDED) {
          made.computeIfAbsent(
                  object.getKind() + " " + object.getMetadata().getName(),
                  k -> ConcurrentHashMap.newKeySet())
              .add(object.getMetadata().getUid());
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }

  static double reconcileErrors() {
    return registry.get("lethe.reconcile.errors").counter().count();
  }

  /**
   * What is written to stderr, where slf4j-simple logs, while it is open (and still to stderr): the
   * operator's and the SDK's WARN and ERROR lines.
   */
  static final class LogTap implements AutoCloseable {
    private final PrintStream original = System.err;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    static LogTap start() {
      LogTap tap = new LogTap();
      System.setErr(
          new PrintStream(
              new OutputStream() {
                @Override
                public void write(int b) {
                  tap.original.write(b);
                  synchronized (tap.copy) {
                    tap.copy.write(b);
                  }
                }

                @Override
                public void write(byte[] b, int off, int len) {
                  tap.original.write(b, off, len);
                  synchronized (tap.copy) {
                    tap.copy.write(b, off, len);
                  }
                }
              },
              true,
              StandardCharsets.UTF_8));
      return tap;
    }

    /**
     * The SDK's progress poller, when a job it was about to poll has just been deleted, says so at
     * WARN and skips the poll: nothing is wrong, and nothing of the job is touched.
     */
    static final String PROGRESS_POLL_AFTER_DELETE =
        "PerResourcePollingEventSource - No resource in cache for resource ID";

    List<String> warnings() {
      String text;
      synchronized (copy) {
        text = copy.toString(StandardCharsets.UTF_8);
      }
      return text.lines()
          .filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))
          .filter(l -> l.contains("dev.lethe") || l.contains("io.javaoperatorsdk"))
          .filter(l -> !l.contains(PROGRESS_POLL_AFTER_DELETE))
          .toList();
    }

    @Override
    public void close() {
      System.setErr(original);
    }
  }
}
