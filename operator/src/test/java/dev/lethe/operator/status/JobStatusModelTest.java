package dev.lethe.operator.status;

import static dev.lethe.operator.status.JobStateTest.job;
import static dev.lethe.operator.status.JobStateTest.pod;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.api.v1alpha1.JobProgress;
import dev.lethe.api.v1alpha1.UnlearningJob;
import dev.lethe.api.v1alpha1.UnlearningJobSpec;
import dev.lethe.api.v1alpha1.UnlearningJobStatus;
import dev.lethe.contract.ContractJson;
import dev.lethe.contract.Gate;
import dev.lethe.contract.Limits;
import dev.lethe.contract.Metric;
import dev.lethe.contract.Progress;
import dev.lethe.contract.Result;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole status from one look at the cluster, and what a finished job keeps. */
class JobStatusModelTest {
  static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  static final Progress HALF_WAY =
      new Progress("unlearn", 20, 40, 1.0, 2.0, -1.5, 3.0, 1e-4, 900.0, 40L, NOW);

  static UnlearningJob uj(long generation, UnlearningJobStatus status, Long ttl) {
    UnlearningJob job = new UnlearningJob();
    job.setMetadata(
        new ObjectMetaBuilder()
            .withName("minimal")
            .withNamespace("ml")
            .withGeneration(generation)
            .withCreationTimestamp("2026-11-22T09:00:00Z")
            .build());
    job.setSpec(
        new UnlearningJobSpec(
            null, null, null, null, null, null, null, null, null, null, null, null, null, null,
            null, null, ttl, null));
    job.setStatus(status);
    return job;
  }

  static Job named(Job job) {
    job.setMetadata(new ObjectMetaBuilder().withName("minimal-trainer").build());
    return job;
  }

  static Condition condition(UnlearningJobStatus status, String type) {
    return JobLifecycle.condition(status, type).orElseThrow();
  }

  /** The status of a job whose trainer pod runs, after {@code previous}, given this poll. */
  static UnlearningJobStatus running(
      UnlearningJobStatus previous, ProgressReading reading, Instant now) {
    Job job = named(job(false, null, null));
    Pod pod = pod("Running", null, null, null);
    return JobStatusModel.of(
        uj(1, previous, null), JobState.of(null, job, pod), job, reading, null, now);
  }

  @Test
  void aRunningJobShowsWhatTheTrainerLastSaid() {
    UnlearningJobStatus status = running(null, ProgressReading.read(HALF_WAY, NOW), NOW);

    assertThat(status.observedGeneration()).isEqualTo(1);
    assertThat(status.jobName()).isEqualTo("minimal-trainer");
    assertThat(status.progress().percent()).isEqualTo(50);
    assertThat(status.progress().etaSeconds()).isEqualTo(40);
    assertThat(status.progress().lastUpdateTime()).isEqualTo(NOW.toString());
    assertThat(condition(status, "Running").getMessage()).isEqualTo("the trainer is running");
  }

  @Test
  void onlyTheSummaryAndTheConditionThatSaysWhyCarryTheMessage() {
    String why = "no node can run the trainer pod: " + "0/3 nodes are available. ".repeat(40);
    UnlearningJobStatus waiting =
        JobStatusModel.of(
            uj(1, null, null),
            JobState.waiting(Reasons.UNSCHEDULABLE, why),
            named(job(false, null, null)),
            null,
            null,
            NOW);
    UnlearningJobStatus refused =
        JobStatusModel.of(
            uj(1, null, null),
            JobState.policyViolation(List.of("image is not allowed")),
            null,
            null,
            null,
            NOW);

    assertThat(waiting.conditions())
        .filteredOn(c -> !c.getMessage().isEmpty())
        .extracting(Condition::getType)
        .containsExactlyInAnyOrder("Accepted", "Succeeded");
    assertThat(condition(waiting, "Accepted").getMessage()).isEqualTo(StatusConditions.CREATED);
    assertThat(condition(waiting, "Succeeded").getMessage())
        .startsWith("no node can run")
        .hasSizeLessThanOrEqualTo(OneLine.MAX_MESSAGE);
    assertThat(condition(waiting, "Running").getMessage()).isEmpty();
    assertThat(refused.conditions())
        .filteredOn(c -> c.getMessage().equals("image is not allowed"))
        .extracting(Condition::getType)
        .containsExactlyInAnyOrder("Accepted", "Succeeded");
  }

  @Test
  void aTrainerThatStopsAnsweringKeepsItsLastProgressAndTheMessageSaysSo() {
    UnlearningJobStatus before = running(null, ProgressReading.read(HALF_WAY, NOW), NOW);

    UnlearningJobStatus after =
        running(
            before,
            ProgressReading.unavailable("http://10.0.0.7:9464/progress: connection refused"),
            NOW.plusSeconds(15));

    assertThat(after.progress()).isEqualTo(before.progress());
    assertThat(condition(after, "Running").getMessage())
        .isEqualTo(
            "the trainer is running; progress is unavailable:"
                + " http://10.0.0.7:9464/progress: connection refused");
    assertThat(condition(after, "Running").getStatus()).isEqualTo("True");
  }

  @Test
  void progressIsCutToTheContractsBounds() {
    Progress odd =
        new Progress(
            "unlearn\n" + "x".repeat(100),
            20,
            40,
            1.0,
            Double.NaN,
            -1.5,
            3.0,
            1e-4,
            900.0,
            40L,
            NOW);

    UnlearningJobStatus status = running(null, ProgressReading.read(odd, NOW), NOW);

    assertThat(status.progress().stage())
        .hasSize(Limits.MAX_PROGRESS_STAGE)
        .startsWith("unlearn x")
        .endsWith(" ...");
    assertThat(status.progress().loss()).isNull();
    assertThat(status.progress().forgetLoss()).isEqualTo(-1.5);
  }

  @Test
  void aCompletedJobCarriesTheResultAndAllItsSteps() {
    Job job = named(job(false, "Complete", null));
    job.getStatus().setStartTime("2026-11-22T09:10:00Z");
    job.getStatus().setCompletionTime("2026-11-22T09:40:00Z");
    job.getStatus().setSucceeded(1);
    Result result =
        new Result(
            0,
            "forgot",
            "adapter",
            Map.of("forget.rougeL", 0.9),
            Map.of("forget.rougeL", 0.2),
            List.of(
                new Result.GateOutcome(
                    new Gate(Metric.FORGET_ROUGE_L, null, 0.3, null), 0.2, true)),
            40L,
            1800.0);
    Pod pod = pod("Succeeded", 0, "Completed", ContractJson.writeResult(result));
    UnlearningJobStatus running =
        new UnlearningJobStatus(
            1L,
            List.of(),
            null,
            null,
            1,
            "minimal-trainer",
            JobStatusModel.progress(HALF_WAY, NOW),
            null,
            null);

    UnlearningJobStatus status =
        JobStatusModel.of(uj(1, running, null), JobState.of(null, job, pod), job, null, null, NOW);

    assertThat(condition(status, "Succeeded").getMessage()).isEqualTo("forgot");
    assertThat(status.startTime()).isEqualTo("2026-11-22T09:10:00Z");
    assertThat(status.completionTime()).isEqualTo("2026-11-22T09:40:00Z");
    assertThat(status.attempts()).isEqualTo(1);
    assertThat(status.result().after()).containsEntry("forget.rougeL", 0.2);
    assertThat(status.result().gates())
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.metric()).isEqualTo("forget.rougeL");
              assertThat(g.bound()).isEqualTo("max 0.3");
              assertThat(g.passed()).isTrue();
            });
    JobProgress done = status.progress();
    assertThat(done.percent()).isEqualTo(100);
    assertThat(done.step()).isEqualTo(40);
    assertThat(done.etaSeconds()).isZero();
    assertThat(done.forgetLoss()).isEqualTo(-1.5);
  }

  @Test
  void whatAPodWroteThatIsNotAResultReachesNeitherTheStatusNorItsConditions() throws Exception {
    Job job = named(job(false, "Failed", "PodFailurePolicy"));
    Pod pod =
        pod(
            "Failed",
            11,
            "Error",
            "InvalidData: /lethe/data/forget/forget.jsonl line 1: not valid JSON (Unrecognized"
                + " token '"
                + TrainerOutputTest.SECRET
                + "': was expecting (JSON String, Number, Array, Object or token 'null', 'true'"
                + " or 'false'))");

    UnlearningJobStatus status =
        JobStatusModel.of(uj(1, null, null), JobState.of(null, job, pod), job, null, null, NOW);

    assertThat(condition(status, "Succeeded").getReason()).isEqualTo("InvalidData");
    assertThat(condition(status, "Succeeded").getMessage())
        .startsWith(
            "forget or retain set missing, empty or malformed; the trainer's result could not be"
                + " read (");
    assertThat(new ObjectMapper().writeValueAsString(status))
        .doesNotContain(TrainerOutputTest.SECRET);
  }

  @Test
  void aFailedJobEndsWhenItsJobFailed() {
    Job job = named(job(false, "Failed", "DeadlineExceeded"));
    job.getStatus().getConditions().get(0).setLastTransitionTime("2026-11-22T09:30:00Z");

    UnlearningJobStatus status =
        JobStatusModel.of(uj(1, null, null), JobState.of(null, job, null), job, null, null, NOW);

    assertThat(status.completionTime()).isEqualTo("2026-11-22T09:30:00Z");
  }

  @Test
  void aFinishedJobExpiresItsTimeToLiveAfterItsEndAndFollowsNewGenerations() {
    Job job = named(job(false, "Failed", "DeadlineExceeded"));
    UnlearningJobStatus finished =
        JobStatusModel.of(uj(1, null, 600L), JobState.of(null, job, null), job, null, null, NOW);
    UnlearningJob expiring = uj(2, finished, 600L);

    assertThat(JobLifecycle.finished(expiring)).isTrue();
    assertThat(JobLifecycle.state(expiring)).contains("DeadlineExceeded");
    assertThat(JobLifecycle.expiresAt(expiring)).contains(NOW.plusSeconds(600));
    assertThat(JobLifecycle.expiresAt(uj(2, finished, null))).isEmpty();

    UnlearningJobStatus observed = JobStatusModel.observed(expiring);
    assertThat(observed.observedGeneration()).isEqualTo(2);
    assertThat(observed.conditions())
        .allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(2));
    assertThat(observed.completionTime()).isEqualTo(finished.completionTime());
  }

  @Test
  void aJobNotYetSeenIsNotFinished() {
    assertThat(JobLifecycle.finished(uj(1, null, 600L))).isFalse();
    assertThat(JobLifecycle.expiresAt(uj(1, null, 600L))).isEmpty();
  }
}
