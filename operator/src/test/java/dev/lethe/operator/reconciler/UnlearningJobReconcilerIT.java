package dev.lethe.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.nullValue;

import com.sun.net.httpserver.HttpServer;
import dev.lethe.api.v1alpha1.JobDocument;
import dev.lethe.api.v1alpha1.JobProgress;
import dev.lethe.api.v1alpha1.TestApiServer;
import dev.lethe.api.v1alpha1.UnlearningJob;
import dev.lethe.api.v1alpha1.UnlearningPolicy;
import dev.lethe.contract.ContractJson;
import dev.lethe.contract.MetricNames;
import dev.lethe.contract.Progress;
import dev.lethe.contract.Result;
import dev.lethe.operator.LetheOperator;
import dev.lethe.operator.OperationsServer;
import dev.lethe.operator.OperatorSettings;
import dev.lethe.operator.status.PodStatuses;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator in this JVM against a real kube-apiserver and etcd; the test plays the kubelet and
 * the Job controller (the test server runs neither, nor a garbage collector). Each test has its own
 * namespace.
 */
class UnlearningJobReconcilerIT {
  static final Duration POLL = Duration.ofMillis(300);

  /** Short, so that a trainer pod that cannot start fails its job within the test. */
  static final Duration START_DEADLINE = Duration.ofSeconds(4);

  static final String IMAGE = "registry.test/lethe-trainer:it";
  static final String LEASE = "lethe-operator-it";

  static TestApiServer server;
  static KubernetesClient client;
  static PrometheusMeterRegistry registry;
  static LetheOperator operator;
  static OperationsServer http;
  static PlayedKubelet kubelet;
  static final AtomicInteger namespaces = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    server = TestApiServer.startWithCrd();
    client = server.client();
    client
        .resource(UnlearningPolicy.governingEveryNamespace(UnlearningPolicy.DEFAULT_NAME))
        .create();
    kubelet = new PlayedKubelet(client);
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    operator = startOperator();
    // The operator a test restarts is the one probed.
    http =
        OperationsServer.start(
            "127.0.0.1", 0, registry, () -> operator.live(), () -> operator.ready());
  }

  static LetheOperator startOperator() {
    return startOperator(client);
  }

  /** What every operator of these tests runs with but leader election. */
  static OperatorSettings settings() {
    return OperatorSettings.defaults()
        .withTrainerImage(IMAGE)
        .withProgressPollInterval(POLL)
        .withHttpPort(0)
        .withStartDeadline(START_DEADLINE);
  }

  static LetheOperator startOperator(KubernetesClient as) {
    LetheOperator started =
        new LetheOperator(settings().withLeaderElection(false, null, LEASE), as, registry, "it");
    started.start();
    return started;
  }

  @AfterAll
  static void stop() throws Exception {
    if (http != null) {
      http.close();
    }
    if (operator != null) {
      operator.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** A namespace with the job's inputs: the claims and the forget ConfigMap. */
  static String namespaceWithInputs() {
    String ns = namespace();
    JobInputs.createAll(client, ns);
    return ns;
  }

  /**
   * A fresh namespace. (The test API server runs without the ServiceAccount admission plugin, so
   * pods need no service account in it.)
   */
  static String namespace() {
    String ns = "it-" + namespaces.incrementAndGet();
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    return ns;
  }

  static UnlearningJob apply(String ns, JobDocument document) {
    client.resource(document.toResource()).inNamespace(ns).create();
    return uj(ns, "minimal");
  }

  static UnlearningJob uj(String ns, String name) {
    return client.resources(UnlearningJob.class).inNamespace(ns).withName(name).get();
  }

  static Job awaitJob(String ns) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> client.batch().v1().jobs().inNamespace(ns).withName("minimal-trainer").get(),
            j -> j != null);
  }

  static Condition condition(String ns, String type) {
    UnlearningJob job = uj(ns, "minimal");
    if (job == null || job.getStatus() == null || job.getStatus().conditions() == null) {
      return null;
    }
    return job.getStatus().conditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElse(null);
  }

  /** Waits until the condition has this status and reason ("True/Running"). */
  static Condition awaitCondition(String ns, String type, String statusAndReason) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> condition(ns, type),
            c -> c != null && (c.getStatus() + "/" + c.getReason()).equals(statusAndReason));
  }

  static List<String> eventReasons(String ns) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> e.getInvolvedObject().getName().equals("minimal"))
        .map(Event::getReason)
        .toList();
  }

  /** A job in a fresh namespace whose trainer pod runs (nothing listens on its port 1). */
  record Started(String ns, Job job, Pod pod) {}

  static Started started(JobDocument document) {
    String ns = namespaceWithInputs();
    apply(ns, document);
    Job job = awaitJob(ns);
    return new Started(ns, job, kubelet.startPod(job, "127.0.0.1", 1));
  }

  /** The trainer exits 0 with a result of 40 steps, and the Job controller completes the Job. */
  static void succeed(Started started, String message) {
    kubelet.terminate(started.pod(), 0, "Completed", result(0, message, 40L));
    kubelet.complete(started.job());
  }

  static String result(int exitCode, String message, Long steps) {
    return ContractJson.writeResult(
        new Result(
            exitCode,
            message,
            exitCode == 0 || exitCode == 13 ? "adapter" : null,
            Map.of("forget.nll", 0.4),
            Map.of("forget.nll", 3.1),
            null,
            steps,
            12.5));
  }

  @Test
  void aTrainerPodNoNodeCanRunIsExplainedInTheSchedulersWordsWithAWarning() {
    String ns = namespaceWithInputs();
    apply(ns, JobDocument.minimal());
    Pod pod = kubelet.startPod(awaitJob(ns), "127.0.0.1", 1);
    pod.setStatus(
        PodStatuses.unschedulable("0/3 nodes are available: 3 Insufficient nvidia.com/gpu."));
    client.pods().resource(pod).updateStatus();

    Condition succeeded = awaitCondition(ns, "Succeeded", "Unknown/Unschedulable");

    assertThat(succeeded.getMessage()).contains("0/3 nodes are available: 3 Insufficient");
    await()
        .atMost(Duration.ofSeconds(30))
        .alias("a Warning Event says why")
        .until(
            () ->
                client.v1().events().inNamespace(ns).list().getItems().stream()
                    .anyMatch(
                        e ->
                            "Unschedulable".equals(e.getReason())
                                && "Warning".equals(e.getType())));
  }

  @Test
  void aTrainerPodTheApiServerRefusesIsExplainedInItsWordsWithAWarning() {
    String ns = namespaceWithInputs();
    apply(ns, JobDocument.minimal());
    Job trainer = awaitJob(ns);
    String refusal =
        "Error creating: pods \"minimal-trainer-7xk2p\" is forbidden: exceeded quota: gpus,"
            + " requested: requests.nvidia.com/gpu=1, used: requests.nvidia.com/gpu=8, limited:"
            + " requests.nvidia.com/gpu=8";
    // What the Job controller records, and all it records, when the API server refuses its pod.
    client
        .v1()
        .events()
        .inNamespace(ns)
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withName("minimal-trainer.18a0c1d2e3f40001")
                .endMetadata()
                .withInvolvedObject(
                    new ObjectReferenceBuilder()
                        .withApiVersion("batch/v1")
                        .withKind("Job")
                        .withNamespace(ns)
                        .withName(trainer.getMetadata().getName())
                        .withUid(trainer.getMetadata().getUid())
                        .build())
                .withType("Warning")
                .withReason("FailedCreate")
                .withMessage(refusal)
                .withNewSource()
                .withComponent("job-controller")
                .endSource()
                .withFirstTimestamp(Instant.now().toString())
                .withLastTimestamp(Instant.now().toString())
                .withCount(3)
                .build())
        .create();

    Condition succeeded = awaitCondition(ns, "Succeeded", "Unknown/PodCreationRefused");

    assertThat(succeeded.getMessage())
        .isEqualTo(
            "the trainer pod cannot be created (the Job controller keeps trying): "
                + refusal
                + "; it starts once the namespace's quota and admission policies allow it");
    await()
        .atMost(Duration.ofSeconds(30))
        .alias("a Warning Event on the UnlearningJob says why")
        .until(
            () ->
                client.v1().events().inNamespace(ns).list().getItems().stream()
                    .anyMatch(
                        e ->
                            "PodCreationRefused".equals(e.getReason())
                                && "UnlearningJob".equals(e.getInvolvedObject().getKind())
                                && "Warning".equals(e.getType())));

    kubelet.startPod(trainer, "127.0.0.1", 1);
    awaitCondition(ns, "Succeeded", "Unknown/Running");
  }

  @Test
  void aTrainerImageThatCannotBePulledFailsTheJobAtTheStartDeadlineAndStopsItsTrainer() {
    String ns = namespaceWithInputs();
    apply(ns, JobDocument.minimal());
    Pod pod = kubelet.startPod(awaitJob(ns), "127.0.0.1", 1);
    String kubelet = "Back-off pulling image \"registry.test/lethe-trainr:it\"";
    pod.setStatus(PodStatuses.waiting("ImagePullBackOff", kubelet, Instant.now().toString()));
    client.pods().resource(pod).updateStatus();

    Condition failed = awaitCondition(ns, "Failed", "True/ImagePullFailed");

    String cannotPull = "the trainer image cannot be pulled (ImagePullBackOff): " + kubelet;
    assertThat(failed.getMessage())
        .isEqualTo(
            "the trainer pod did not start within the start deadline of 4s, so its Job was"
                + " stopped: "
                + cannotPull);
    await()
        .atMost(Duration.ofSeconds(30))
        .alias("the trainer Job is stopped, giving back its node")
        .until(
            () -> client.batch().v1().jobs().inNamespace(ns).withName("minimal-trainer").get(),
            nullValue());
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .alias("and not created again")
        .until(
            () -> client.batch().v1().jobs().inNamespace(ns).withName("minimal-trainer").get(),
            nullValue());
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .filteredOn(e -> "ImagePullFailed".equals(e.getReason()))
        .extracting(e -> e.getType() + ": " + e.getMessage())
        .containsExactlyInAnyOrder("Warning: " + cannotPull, "Warning: " + failed.getMessage());
  }

  @Test
  void aTrainerJobTheApiServerRefusesIsExplainedInOneShortLineAndAnEvent() {
    String ns = namespaceWithInputs();
    ResourceQuota quota = Quotas.none(client, ns, "count/jobs.batch");
    apply(ns, JobDocument.minimal());

    Condition accepted =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> condition(ns, "Accepted"),
                c -> c != null && c.getMessage().startsWith("cannot create the trainer Job"));

    assertThat(accepted.getStatus() + "/" + accepted.getReason()).isEqualTo("Unknown/Creating");
    assertThat(accepted.getMessage())
        .as("the API server's own words, on one short line, no stack trace")
        .contains("exceeded quota: " + quota.getMetadata().getName())
        .hasSizeLessThanOrEqualTo(1024)
        .doesNotContain("\n", "Exception", "\tat ", "io.fabric8");
    await()
        .atMost(Duration.ofSeconds(30))
        .alias("a Warning Event says the same")
        .until(() -> eventReasons(ns).contains("Creating"));
  }

  @Test
  void aJobGetsOneConfigMapAndOneJobOwnedByIt() {
    String ns = namespaceWithInputs();
    UnlearningJob created = apply(ns, JobDocument.minimal());

    Job job = awaitJob(ns);
    awaitCondition(ns, "Accepted", "True/JobCreated");

    List<ConfigMap> configs =
        client.configMaps().inNamespace(ns).withLabel("lethe.dev/job", "minimal").list().getItems();
    assertThat(configs).hasSize(1);
    assertThat(client.batch().v1().jobs().inNamespace(ns).list().getItems()).hasSize(1);
    for (var child : List.of(configs.get(0).getMetadata(), job.getMetadata())) {
      assertThat(child.getOwnerReferences())
          .singleElement()
          .satisfies(
              o -> {
                assertThat(o.getKind()).isEqualTo("UnlearningJob");
                assertThat(o.getUid()).isEqualTo(created.getMetadata().getUid());
                assertThat(o.getController()).isTrue();
              });
    }
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(IMAGE);
    assertThat(configs.get(0).getData()).containsKey("job.json");

    UnlearningJob observed = uj(ns, "minimal");
    assertThat(observed.getStatus().observedGeneration())
        .isEqualTo(observed.getMetadata().getGeneration());
    assertThat(observed.getStatus().jobName()).isEqualTo("minimal-trainer");
    assertThat(observed.getStatus().conditions())
        .extracting(Condition::getType)
        .containsExactlyInAnyOrder("Accepted", "Suspended", "Running", "Succeeded", "Failed");
    assertThat(condition(ns, "Succeeded").getStatus()).isEqualTo("Unknown");
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(eventReasons(ns)).containsExactly("JobCreated"));
  }

  @Test
  void aRunningTrainerReportsProgressAndAJobKeepsRunningWhenItStopsAnswering() throws Exception {
    String ns = namespaceWithInputs();
    apply(ns, JobDocument.minimal());
    Job job = awaitJob(ns);
    AtomicReference<Progress> said =
        new AtomicReference<>(
            new Progress("unlearn", 12, 40, 0.6, 2.5, -1.0, 3.5, 1e-4, 900.0, 70L, Instant.now()));
    HttpServer trainer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    trainer.createContext(
        "/progress",
        exchange -> {
          byte[] body = ContractJson.write(said.get()).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    trainer.start();
    try {
      kubelet.startPod(job, "127.0.0.1", trainer.getAddress().getPort());

      awaitCondition(ns, "Running", "True/Running");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> progress(ns) != null && progress(ns).step() == 12);
      assertThat(progress(ns).percent()).isEqualTo(30);
      assertThat(progress(ns).etaSeconds()).isEqualTo(70);

      said.set(
          new Progress("unlearn", 20, 40, 1.0, 2.0, -1.5, 3.0, 1e-4, 900.0, 40L, Instant.now()));
      await().atMost(Duration.ofSeconds(30)).until(() -> progress(ns).step() == 20);
    } finally {
      trainer.stop(0);
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> condition(ns, "Running").getMessage(),
            m -> m.contains("progress is unavailable"));
    assertThat(condition(ns, "Running").getStatus()).isEqualTo("True");
    assertThat(condition(ns, "Succeeded").getStatus()).isEqualTo("Unknown");
    assertThat(progress(ns).step()).isEqualTo(20);
  }

  static JobProgress progress(String ns) {
    UnlearningJob job = uj(ns, "minimal");
    return job.getStatus() == null ? null : job.getStatus().progress();
  }

  @Test
  void exitZeroWithAResultSucceeds() {
    Started started = started(JobDocument.minimal());
    String ns = started.ns();
    awaitCondition(ns, "Running", "True/Running");

    succeed(started, "forgot: forget.nll 0.4 -> 3.1");

    Condition succeeded = awaitCondition(ns, "Succeeded", "True/Completed");
    assertThat(succeeded.getMessage()).isEqualTo("forgot: forget.nll 0.4 -> 3.1");
    assertThat(condition(ns, "Failed").getStatus()).isEqualTo("False");
    assertThat(condition(ns, "Running").getStatus()).isEqualTo("False");
    UnlearningJob done = uj(ns, "minimal");
    assertThat(done.getStatus().result().after()).containsEntry("forget.nll", 3.1);
    assertThat(done.getStatus().result().adapterPath()).isEqualTo("adapter");
    assertThat(done.getStatus().completionTime()).isNotNull();
    assertThat(done.getStatus().progress().percent()).isEqualTo(100);
    await().untilAsserted(() -> assertThat(eventReasons(ns)).contains("Running", "Completed"));
  }

  @Test
  void exitElevenFailsWithInvalidDataAndTheTrainersMessage() {
    Started started = started(JobDocument.minimal());
    String ns = started.ns();

    kubelet.terminate(
        started.pod(),
        11,
        "Error",
        result(11, "InvalidData: forget.jsonl line 2: not valid JSON", null));
    kubelet.fail(
        started.job(),
        "PodFailurePolicy",
        "Container trainer for pod minimal-trainer-0 failed with exit code 11 matching FailJob rule at index 0");

    Condition failed = awaitCondition(ns, "Failed", "True/InvalidData");
    assertThat(failed.getMessage()).isEqualTo("InvalidData: forget.jsonl line 2: not valid JSON");
    assertThat(condition(ns, "Succeeded").getReason()).isEqualTo("InvalidData");
    assertThat(uj(ns, "minimal").getStatus().result().exitCode()).isEqualTo(11);
    await().untilAsserted(() -> assertThat(eventReasons(ns)).contains("InvalidData"));
  }

  @Test
  void aMalformedResultIsReportedNotFatal() {
    Started started = started(JobDocument.minimal());
    String ns = started.ns();

    kubelet.terminate(started.pod(), 10, "Error", "{\"exitCode\": 10, \"message\": \"Invalid");
    kubelet.fail(started.job(), "PodFailurePolicy", "exit code 10");

    Condition failed = awaitCondition(ns, "Failed", "True/InvalidConfig");
    assertThat(failed.getMessage())
        .isEqualTo(
            "invalid config; the trainer's result could not be read (36 bytes, not valid JSON (it"
                + " ends too early) at line 1, column 37)");
    assertThat(uj(ns, "minimal").getStatus().result()).isNull();
  }

  @Test
  void anOomKilledTrainerFailsWithOomKilled() {
    Started started = started(JobDocument.minimal());
    String ns = started.ns();

    kubelet.terminate(started.pod(), 137, "OOMKilled", null);
    kubelet.fail(
        started.job(), "BackoffLimitExceeded", "Job has reached the specified backoff limit");

    Condition failed = awaitCondition(ns, "Failed", "True/OOMKilled");
    assertThat(failed.getMessage()).contains("raise resources.limits.memory");
  }

  @Test
  void backoffLimitAndDeadlineFailuresSaySo() {
    Started started = started(JobDocument.minimal());
    String ns = started.ns();
    kubelet.terminate(
        started.pod(),
        1,
        "Error",
        result(1, "crashed: java.lang.IllegalStateException: boom", null));
    kubelet.fail(
        started.job(), "BackoffLimitExceeded", "Job has reached the specified backoff limit");
    assertThat(awaitCondition(ns, "Failed", "True/BackoffLimitExceeded").getMessage())
        .isEqualTo("Job has reached the specified backoff limit");

    String other = namespaceWithInputs();
    apply(other, JobDocument.minimal().set("spec.activeDeadlineSeconds", 60));
    Job late = awaitJob(other);
    assertThat(late.getSpec().getActiveDeadlineSeconds()).isEqualTo(60);
    kubelet.startPod(late, "127.0.0.1", 1);
    kubelet.fail(late, "DeadlineExceeded", "Job was active longer than specified deadline");
    assertThat(awaitCondition(other, "Failed", "True/DeadlineExceeded").getMessage())
        .isEqualTo("Job was active longer than specified deadline");
  }

  @Test
  void aPreemptedPodIsSaidAndIsNotAFailure() {
    Started started = started(JobDocument.minimal());
    String ns = started.ns();
    awaitCondition(ns, "Running", "True/Running");

    kubelet.preempt(started.pod());

    Condition succeeded = awaitCondition(ns, "Succeeded", "Unknown/Preempted");
    assertThat(succeeded.getMessage()).contains("resumes from the last checkpoint");
    assertThat(condition(ns, "Failed").getStatus()).isEqualTo("False");
    await().untilAsserted(() -> assertThat(eventReasons(ns)).contains("Preempted"));
  }

  @Test
  void suspendingAndResumingFollowsTheSpec() {
    String ns = namespaceWithInputs();
    apply(ns, JobDocument.minimal().set("spec.suspend", true));
    Job job = awaitJob(ns);
    assertThat(job.getSpec().getSuspend()).isTrue();
    awaitCondition(ns, "Suspended", "True/Suspended");
    assertThat(condition(ns, "Succeeded").getReason()).isEqualTo("Suspended");

    // kubectl patch uj minimal --type merge -p '{"spec":{"suspend":false}}'
    client
        .resources(UnlearningJob.class)
        .inNamespace(ns)
        .withName("minimal")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"suspend\":false}}");

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                !client
                    .batch()
                    .v1()
                    .jobs()
                    .inNamespace(ns)
                    .withName("minimal-trainer")
                    .get()
                    .getSpec()
                    .getSuspend());
    awaitCondition(ns, "Suspended", "False/Pending");
    assertThat(uj(ns, "minimal").getStatus().observedGeneration()).isEqualTo(2);
  }

  @Test
  void aMissingClaimHoldsTheJobUntilItExists() {
    String ns = namespace();
    JobInputs.createClaim(client, ns, "datasets");
    JobInputs.createClaim(client, ns, "adapters");
    JobInputs.createFacts(client, ns, "other.jsonl", "");
    apply(ns, JobDocument.minimal());

    Condition accepted = awaitCondition(ns, "Accepted", "False/MissingInput");
    assertThat(accepted.getMessage())
        .isEqualTo(
            "PersistentVolumeClaim models, key forget.jsonl of ConfigMap facts does not exist; the job starts when it does");
    await().untilAsserted(() -> assertThat(eventReasons(ns)).contains("MissingInput"));
    assertThat(client.batch().v1().jobs().inNamespace(ns).list().getItems()).isEmpty();
    assertThat(client.configMaps().inNamespace(ns).withLabel("lethe.dev/job").list().getItems())
        .isEmpty();

    JobInputs.createClaim(client, ns, "models");
    client
        .configMaps()
        .inNamespace(ns)
        .withName("facts")
        .edit(c -> new ConfigMapBuilder(c).addToData("forget.jsonl", "{}").build());

    awaitJob(ns);
    awaitCondition(ns, "Accepted", "True/JobCreated");
  }

  @Test
  void aFinishedJobIsNeverRecreatedAndItsTimeToLiveDeletesIt() {
    Started started = started(JobDocument.minimal().set("spec.ttlSecondsAfterFinished", 4));
    String ns = started.ns();
    succeed(started, "done");
    awaitCondition(ns, "Succeeded", "True/Completed");

    client.batch().v1().jobs().resource(started.job()).withGracePeriod(0).delete();
    await()
        .until(
            () ->
                client.batch().v1().jobs().inNamespace(ns).withName("minimal-trainer").get()
                    == null);
    // A change to the job makes the operator look again, well before the time-to-live is over.
    client
        .resources(UnlearningJob.class)
        .inNamespace(ns)
        .withName("minimal")
        .edit(
            j -> {
              j.getMetadata().setLabels(Map.of("touched", "yes"));
              return j;
            });
    await().pollDelay(POLL.multipliedBy(4)).atMost(Duration.ofSeconds(3)).until(() -> true);
    assertThat(client.batch().v1().jobs().inNamespace(ns).list().getItems()).isEmpty();
    assertThat(condition(ns, "Succeeded").getReason()).isEqualTo("Completed");

    await().atMost(Duration.ofSeconds(30)).until(() -> uj(ns, "minimal") == null);
  }

  @Test
  void anOperatorRestartedMidJobCreatesNoSecondJobAndCarriesOn() {
    Started started = started(JobDocument.minimal());
    String ns = started.ns();
    awaitCondition(ns, "Running", "True/Running");
    String firstTransition = condition(ns, "Accepted").getLastTransitionTime();

    operator.close();
    operator = startOperator();

    succeed(started, "done after a restart");
    awaitCondition(ns, "Succeeded", "True/Completed");
    assertThat(client.batch().v1().jobs().inNamespace(ns).list().getItems())
        .singleElement()
        .satisfies(
            j ->
                assertThat(j.getMetadata().getUid())
                    .isEqualTo(started.job().getMetadata().getUid()));
    assertThat(condition(ns, "Accepted").getLastTransitionTime()).isEqualTo(firstTransition);
  }

  @Test
  void aReconcileThatChangesNothingWritesNothing() throws Exception {
    AtomicInteger statusWrites = new AtomicInteger();
    String ns = namespace();
    String jobs = "/namespaces/" + ns + "/unlearningjobs/";
    Config config = Config.fromKubeconfig(Files.readString(server.kubeconfig()));
    try (KubernetesClient counting =
        new KubernetesClientBuilder()
            .withConfig(config)
            .withHttpClientBuilderConsumer(
                http ->
                    http.addOrReplaceInterceptor(
                        "status-writes",
                        new Interceptor() {
                          @Override
                          public void before(
                              BasicBuilder builder,
                              io.fabric8.kubernetes.client.http.HttpRequest request,
                              RequestTags tags) {
                            String path = request.uri().getPath();
                            if (path.contains(jobs)
                                && path.endsWith("/status")
                                && !"GET".equals(request.method())) {
                              statusWrites.incrementAndGet();
                            }
                          }
                        }))
            .build()) {
      operator.close();
      operator = startOperator(counting);
      apply(ns, JobDocument.minimal());
      awaitCondition(ns, "Accepted", "False/MissingInput");
      // A reconcile that read the job before its first status landed may write it once more.
      await().pollDelay(POLL.multipliedBy(3)).atMost(Duration.ofSeconds(5)).until(() -> true);
      int settled = statusWrites.get();

      // The job waits for its inputs and is looked at again every poll interval (300 ms).
      await().pollDelay(POLL.multipliedBy(10)).atMost(Duration.ofSeconds(5)).until(() -> true);

      assertThat(statusWrites.get()).as("status writes while nothing changed").isEqualTo(settled);
    } finally {
      operator.close();
      operator = startOperator();
    }
  }

  @Test
  void metricsAndProbesAreServed() throws Exception {
    Started started = started(JobDocument.minimal());
    String ns = started.ns();
    succeed(started, "done");
    awaitCondition(ns, "Succeeded", "True/Completed");

    HttpClient web = HttpClient.newHttpClient();
    String metrics = get(web, "/metrics").body();
    assertThat(metrics)
        .contains(
            "lethe_jobs_total{method=\"SimNPO\",namespace=\"" + ns + "\",result=\"Completed\"} 1.0")
        .contains(
            "lethe_jobs_active{method=\"SimNPO\",namespace=\"" + ns + "\",state=\"running\"} 0.0")
        .contains(
            "lethe_job_duration_seconds_bucket{method=\"SimNPO\",namespace=\""
                + ns
                + "\",succeeded=\"true\",le=\"60.0\"} 1")
        .contains("lethe_reconcile_errors_total{controller=\"unlearningjob\"}")
        .contains("reconciliations_started_total{controller_name=\"unlearningjob\"}");
    assertThat(metrics.lines().filter(line -> !line.startsWith("#")).map(l -> l.split("[{ ]")[0]))
        .as("every name dashboards and alerts may use")
        .containsAll(MetricNames.OPERATOR);
    assertThat(get(web, "/readyz").statusCode()).isEqualTo(200);
    assertThat(get(web, "/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void leaderElectionTakesTheLeaseAndAStandbyIsReady() {
    String ns = namespaceWithInputs();
    try (LetheOperator leader =
        new LetheOperator(
            settings().withNamespaces(Set.of(ns)).withLeaderElection(true, ns, LEASE),
            client,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            "it-leader")) {
      leader.start();

      Lease lease =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> client.leases().inNamespace(ns).withName(LEASE).get(), l -> l != null);
      assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("it-leader");
      assertThat(leader.ready()).isTrue();

      try (LetheOperator standby =
          new LetheOperator(
              settings().withNamespaces(Set.of(ns)).withLeaderElection(true, ns, LEASE),
              client,
              new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
              "it-standby")) {
        standby.start();
        // A replica waiting for the Lease is ready: else a rolling update never finishes.
        await().atMost(Duration.ofSeconds(10)).until(standby::ready);
        assertThat(
                client.leases().inNamespace(ns).withName(LEASE).get().getSpec().getHolderIdentity())
            .isEqualTo("it-leader");
      }
    }
  }

  static HttpResponse<String> get(HttpClient web, String path) throws Exception {
    return web.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
