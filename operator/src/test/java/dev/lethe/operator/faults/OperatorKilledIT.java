package dev.lethe.operator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lethe.api.v1alpha1.Names;
import dev.lethe.api.v1alpha1.TestApiServer;
import dev.lethe.api.v1alpha1.UnlearningJob;
import dev.lethe.api.v1alpha1.UnlearningPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the operator in the middle of a backlog: a container the kernel killed (OOM, a node's
 * eviction) is restarted by the kubelet in the same pod, under the same name, and must carry on
 * where the dead one stopped without making anything twice. Leader election is on, with its Lease
 * in {@code default}: the restarted replica has the dead one's identity, so it renews the Lease at
 * once instead of waiting for it to expire.
 */
class OperatorKilledIT {
  private static final List<String> NAMESPACES = List.of("team-a", "team-b", "team-c");
  private static final int PER_NAMESPACE = 20;
  private static final int TOTAL = NAMESPACES.size() * PER_NAMESPACE;

  /** The first operator dies once this many Events were recorded, or this many trainer Jobs. */
  private static final int KILL_AT_EVENTS = 4;

  private static final int KILL_AT_JOBS = TOTAL * 2 / 3;

  private static final String POD = "lethe-operator-7c9f-x2x4z";
  private static final String[] FLAGS = {
    "--leader-election=true", "--lease-namespace=default", "--lease-name=lethe-faults"
  };

  @Test
  void aKilledOperatorRestartedMidBacklogMakesEveryChildOnceAndTellsEveryStepOnce()
      throws Exception {
    try (TestApiServer server = TestApiServer.startWithCrd()) {
      KubernetesClient client = server.client();
      client
          .resource(UnlearningPolicy.governingEveryNamespace(UnlearningPolicy.DEFAULT_NAME))
          .create();
      Map<String, List<String>> names = new LinkedHashMap<>();
      for (String ns : NAMESPACES) {
        Jobs.namespaceWithInputs(client, ns);
        names.put(ns, Jobs.create(client, ns, "backlog", PER_NAMESPACE));
      }

      Set<String> trainersAdded = ConcurrentHashMap.newKeySet();
      Set<String> eventsAdded = ConcurrentHashMap.newKeySet();
      OperatorProcess first = OperatorProcess.start(server, POD, "killed", FLAGS);
      // SIGKILL (no shutdown hook runs) once it has told a few jobs' first steps: by then some
      // trainer Jobs exist, others not yet, and a few Events are out whose status is not written.
      Runnable killWhenMidBacklog =
          () -> {
            if (eventsAdded.size() >= KILL_AT_EVENTS || trainersAdded.size() >= KILL_AT_JOBS) {
              first.process.destroyForcibly();
            }
          };
      int atKill;
      try (Watch jobWatch =
              client
                  .batch()
                  .v1()
                  .jobs()
                  .inAnyNamespace()
                  .watch(added(trainersAdded, killWhenMidBacklog));
          Watch eventWatch =
              client.v1().events().inAnyNamespace().watch(added(eventsAdded, killWhenMidBacklog))) {
        assertThat(first.process.waitFor(120, TimeUnit.SECONDS))
            .as("the first operator started on the backlog and was killed")
            .isTrue();
        assertThat(first.process.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        atKill = trainerCount(client);
        assertThat(atKill).as("trainer Jobs when it died: some, not all").isBetween(1, TOTAL - 1);
        System.out.printf(
            "OperatorKilledIT: killed with %d of %d trainer Jobs, %d configs, %d service accounts,"
                + " %d statuses written, %d Events%n",
            atKill,
            TOTAL,
            client
                .configMaps()
                .inAnyNamespace()
                .withLabel("lethe.dev/job")
                .list()
                .getItems()
                .size(),
            client
                .serviceAccounts()
                .inAnyNamespace()
                .withLabel("lethe.dev/job")
                .list()
                .getItems()
                .size(),
            client.resources(UnlearningJob.class).inAnyNamespace().list().getItems().stream()
                .filter(j -> j.getStatus() != null)
                .count(),
            client.v1().events().inAnyNamespace().list().getItems().size());

        try (OperatorProcess restarted = OperatorProcess.start(server, POD, "restarted", FLAGS)) {
          for (String ns : NAMESPACES) {
            await()
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .alias("every job in " + ns + " is Pending")
                .until(
                    () -> Jobs.conditions(client, ns, "Succeeded"),
                    byJob -> Jobs.all(byJob, names.get(ns), "Unknown/Pending"));
          }
          // Whatever it would still do (a late Event, a second create) has had time to happen.
          await().pollDelay(Duration.ofSeconds(2)).until(() -> true);

          for (String ns : NAMESPACES) {
            List<String> jobs = names.get(ns);
            Map<String, String> uids =
                Jobs.list(client, ns).stream()
                    .collect(
                        Collectors.toMap(
                            j -> j.getMetadata().getName(), j -> j.getMetadata().getUid()));
            assertThat(Jobs.conditions(client, ns, "Accepted"))
                .as("Accepted in %s", ns)
                .containsOnlyKeys(jobs)
                .allSatisfy((job, accepted) -> assertThat(accepted).isEqualTo("True/JobCreated"));
            assertOnePerJob(
                client.batch().v1().jobs().inNamespace(ns).list().getItems(),
                jobs,
                Names::trainerJob,
                uids);
            assertOnePerJob(
                client.configMaps().inNamespace(ns).withLabel("lethe.dev/job").list().getItems(),
                jobs,
                Names::trainerConfig,
                uids);
            assertOnePerJob(
                client
                    .serviceAccounts()
                    .inNamespace(ns)
                    .withLabel("lethe.dev/job")
                    .list()
                    .getItems(),
                jobs,
                Names::trainerServiceAccount,
                uids);
            Map<String, Long> events = Jobs.eventCounts(client, ns);
            assertThat(events.entrySet())
                .as("Events told more than once in %s (job reason=count)", ns)
                .filteredOn(e -> e.getValue() > 1)
                .isEmpty();
            assertThat(events.keySet())
                .as("Events in %s", ns)
                .containsExactlyInAnyOrderElementsOf(
                    jobs.stream().map(job -> job + " JobCreated").toList());
          }
          assertThat(trainersAdded).as("trainer Jobs ever created").hasSize(TOTAL);
          assertThat(
                  client
                      .leases()
                      .inNamespace("default")
                      .withName("lethe-faults")
                      .get()
                      .getSpec()
                      .getHolderIdentity())
              .isEqualTo(POD);
          assertThat(restarted.logText())
              .as("the restarted operator's log")
              .doesNotContain("reconcile failed")
              .doesNotContain(" ERROR ");
        }
      } finally {
        first.process.destroyForcibly();
      }
    }
  }

  /** Exactly one object per job, with the derived name, owned by that job. */
  private static void assertOnePerJob(
      List<? extends HasMetadata> objects,
      List<String> jobs,
      java.util.function.Function<String, String> name,
      Map<String, String> uids) {
    List<String> expected = new ArrayList<>(jobs.stream().map(name).toList());
    assertThat(objects)
        .extracting(o -> o.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(expected);
    for (HasMetadata object : objects) {
      String owner = object.getMetadata().getLabels().get("lethe.dev/job");
      assertThat(object.getMetadata().getOwnerReferences())
          .as("owner of %s", object.getMetadata().getName())
          .singleElement()
          .satisfies(o -> assertThat(o.getUid()).isEqualTo(uids.get(owner)));
    }
  }

  /** Records each object's first ADDED, then runs {@code then}. */
  private static <T extends HasMetadata> Watcher<T> added(Set<String> seen, Runnable then) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, T object) {
        if (action == Action.ADDED && seen.add(key(object))) {
          then.run();
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }

  private static int trainerCount(KubernetesClient client) {
    return client.batch().v1().jobs().inAnyNamespace().list().getItems().size();
  }

  private static String key(HasMetadata object) {
    return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
  }
}
