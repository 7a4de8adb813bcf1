package dev.lethe.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.api.v1alpha1.Conditions;
import dev.lethe.contract.ContractJson;
import dev.lethe.contract.Result;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the cluster shows, as the kubelet and the Job controller would write it, and what we say.
 */
class JobStateTest {
  static Job job(boolean suspended, String conditionType, String reason) {
    JobBuilder job = new JobBuilder().withNewSpec().withSuspend(suspended).endSpec();
    if (conditionType != null) {
      job.withNewStatus()
          .addNewCondition()
          .withType(conditionType)
          .withStatus("True")
          .withReason(reason)
          .endCondition()
          .endStatus();
    }
    return job.build();
  }

  static Pod pod(String phase, Integer exitCode, String terminationReason, String message) {
    PodBuilder pod = new PodBuilder();
    var status = pod.withNewStatus().withPhase(phase);
    if (exitCode != null) {
      status
          .addNewContainerStatus()
          .withName("trainer")
          .withNewState()
          .withNewTerminated()
          .withExitCode(exitCode)
          .withReason(terminationReason)
          .withMessage(message)
          .endTerminated()
          .endState()
          .endContainerStatus();
    }
    return status.endStatus().build();
  }

  @Test
  void aMissingInputIsSaidAndNothingIsAccepted() {
    JobState state = JobState.of("PersistentVolumeClaim ml/models", null, null);

    assertThat(state.reason()).isEqualTo("MissingInput");
    assertThat(state.message())
        .isEqualTo("PersistentVolumeClaim ml/models does not exist; the job starts when it does");
    assertThat(statuses(state))
        .containsEntry("Accepted", "False/MissingInput")
        .containsEntry("Succeeded", "Unknown/MissingInput");
  }

  @Test
  void anInvalidSpecIsRefusedForGood() {
    JobState state = JobState.invalidSpec("the spec cannot be turned into a trainer config: x");

    assertThat(state.finished()).isTrue();
    assertThat(statuses(state))
        .containsEntry("Accepted", "False/InvalidSpec")
        .containsEntry("Succeeded", "False/InvalidSpec")
        .containsEntry("Failed", "True/InvalidSpec");
  }

  @Test
  void aRunningPodIsRunning() {
    JobState state = JobState.of(null, job(false, null, null), pod("Running", null, null, null));

    assertThat(statuses(state))
        .containsEntry("Accepted", "True/JobCreated")
        .containsEntry("Running", "True/Running")
        .containsEntry("Succeeded", "Unknown/Running")
        .containsEntry("Failed", "False/Running");
  }

  @Test
  void aPodThatSucceededBeforeTheJobIsMarkedCompleteIsStillRunningNotPending() {
    JobState state =
        JobState.of(null, job(false, null, null), pod("Succeeded", 0, "Completed", "{}"));

    assertThat(state.message())
        .isEqualTo("the trainer finished; waiting for the Job to be marked complete");
    assertThat(statuses(state)).containsEntry("Running", "True/Running");
  }

  @Test
  void aPodThatFailedBeforeTheJobRetriesOrFailsIsPending() {
    JobState state = JobState.of(null, job(false, null, null), pod("Failed", 1, "Error", "boom"));

    assertThat(state.message())
        .isEqualTo(
            "the trainer pod ended with exit code 1; waiting for the Job to retry it or fail");
    assertThat(statuses(state)).containsEntry("Succeeded", "Unknown/Pending");
  }

  @Test
  void aSuspendedJobIsSuspended() {
    assertThat(statuses(JobState.of(null, job(true, null, null), null)))
        .containsEntry("Suspended", "True/Suspended")
        .containsEntry("Running", "False/Suspended");
  }

  @Test
  void aCompleteJobSucceeded() {
    assertThat(
            statuses(
                JobState.of(
                    null, job(false, "Complete", null), pod("Succeeded", 0, "Completed", "{}"))))
        .containsEntry("Succeeded", "True/Completed")
        .containsEntry("Failed", "False/Completed");
  }

  @Test
  void thePodFailurePolicyFailureCarriesTheTrainersReasonAndMessage() {
    JobState state =
        JobState.of(
            null,
            job(false, "Failed", "PodFailurePolicy"),
            pod(
                "Failed",
                11,
                "Error",
                ContractJson.writeResult(
                    new Result(
                        11,
                        "InvalidData: f.jsonl line 2: not valid JSON",
                        null,
                        null,
                        null,
                        null,
                        null,
                        null))));

    assertThat(statuses(state))
        .containsEntry("Succeeded", "False/InvalidData")
        .containsEntry("Failed", "True/InvalidData");
    assertThat(state.message()).isEqualTo("InvalidData: f.jsonl line 2: not valid JSON");
  }

  @Test
  void aContractExitWithoutAReadableResultFallsBackToTheCodesMeaning() {
    JobState state =
        JobState.of(
            null, job(false, "Failed", "PodFailurePolicy"), pod("Failed", 12, "Error", "oops"));

    assertThat(state.reason()).isEqualTo("ModelLoadFailed");
    assertThat(state.message()).isEqualTo("model or tokenizer cannot be loaded");
  }

  @Test
  void anOomKilledTrainerSaysSo() {
    JobState state =
        JobState.of(
            null,
            job(false, "Failed", "BackoffLimitExceeded"),
            pod("Failed", 137, "OOMKilled", null));

    assertThat(state.reason()).isEqualTo("OOMKilled");
    assertThat(state.message()).contains("raise resources.limits.memory");
  }

  @Test
  void backoffAndDeadlineFailuresKeepTheJobsReason() {
    assertThat(
            JobState.of(
                    null,
                    job(false, "Failed", "BackoffLimitExceeded"),
                    pod("Failed", 1, "Error", null))
                .reason())
        .isEqualTo("BackoffLimitExceeded");
    assertThat(JobState.of(null, job(false, "Failed", "DeadlineExceeded"), null).reason())
        .isEqualTo("DeadlineExceeded");
  }

  @Test
  void aPreemptedPodIsNotAFailure() {
    Pod preempted =
        new PodBuilder()
            .withNewStatus()
            .withPhase("Failed")
            .addNewCondition()
            .withType("DisruptionTarget")
            .withStatus("True")
            .endCondition()
            .endStatus()
            .build();

    JobState state = JobState.of(null, job(false, null, null), preempted);

    assertThat(state.reason()).isEqualTo("Preempted");
    assertThat(state.finished()).isFalse();
  }

  @Test
  void aPodNoNodeCanRunSaysWhatTheSchedulerSaid() {
    Pod unschedulable =
        new PodBuilder()
            .withStatus(
                PodStatuses.unschedulable(
                    "0/3 nodes are available: 3 Insufficient nvidia.com/gpu."))
            .build();

    JobState state = JobState.of(null, job(false, null, null), unschedulable);

    assertThat(state.reason()).isEqualTo("Unschedulable");
    assertThat(state.message())
        .isEqualTo(
            "no node can run the trainer pod: 0/3 nodes are available: 3 Insufficient"
                + " nvidia.com/gpu.; check resources, nodeSelector, tolerations and affinity");
    assertThat(state.finished()).isFalse();
    assertThat(state.troubled()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    "ErrImagePull, ImagePullFailed, the trainer image cannot be pulled",
    "ImagePullBackOff, ImagePullFailed, the trainer image cannot be pulled",
    "CreateContainerConfigError, ContainerConfigError, the trainer container cannot be created",
  })
  void aContainerTheKubeletCannotStartSaysWhatTheKubeletSaid(
      String waiting, String reason, String message) {
    JobState state = JobState.of(null, job(false, null, null), waitingPod(waiting, null));

    assertThat(state.reason()).isEqualTo(reason);
    assertThat(state.message()).isEqualTo(message + " (" + waiting + "): the kubelet's words");
    assertThat(state.troubled()).isTrue();
    assertThat(state.finished()).isFalse();
  }

  @Test
  void anImageReferenceTheKubeletCannotParseFailsTheJobAtOnce() {
    JobState state =
        JobState.of(null, job(false, null, null), waitingPod("InvalidImageName", null));

    assertThat(state.reason()).isEqualTo("ImagePullFailed");
    assertThat(state.finished()).isTrue();
    assertThat(state.succeeded()).isFalse();
    assertThat(state.message())
        .isEqualTo(
            "the trainer image is not a valid image reference (InvalidImageName): the kubelet's"
                + " words; create the job again with a valid spec.image");
    assertThat(statuses(state)).containsEntry("Failed", "True/ImagePullFailed");
  }

  /** A pending trainer pod whose container waits for this reason, bound at {@code startTime}. */
  static Pod waitingPod(String reason, String startTime) {
    return new PodBuilder()
        .withNewMetadata()
        .withCreationTimestamp("2026-11-22T09:59:00Z")
        .endMetadata()
        .withStatus(PodStatuses.waiting(reason, "the kubelet's words", startTime))
        .build();
  }

  @Test
  void aPodThatIsMerelyPendingIsPending() {
    assertThat(JobState.of(null, job(false, null, null), pod("Pending", null, null, null)).reason())
        .isEqualTo("Pending");
  }

  @Test
  void aConditionKeepsItsTransitionTimeWhileItsStatusHolds() {
    Instant first = Instant.parse("2026-11-22T10:00:00Z");
    List<Condition> running =
        StatusConditions.of(
            JobState.of(null, job(false, null, null), pod("Running", null, null, null)),
            1,
            List.of(),
            first);

    List<Condition> later =
        StatusConditions.of(
            JobState.of(null, job(false, "Complete", null), null),
            1,
            running,
            first.plusSeconds(60));

    assertThat(time(later, Conditions.ACCEPTED)).isEqualTo(first.toString());
    assertThat(time(later, Conditions.SUCCEEDED)).isEqualTo(first.plusSeconds(60).toString());
    assertThat(later).allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(1));
  }

  static String time(List<Condition> conditions, String type) {
    return conditions.stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow()
        .getLastTransitionTime();
  }

  static Map<String, String> statuses(JobState state) {
    return StatusConditions.of(state, 1, List.of(), Instant.EPOCH).stream()
        .collect(Collectors.toMap(Condition::getType, c -> c.getStatus() + "/" + c.getReason()));
  }
}
