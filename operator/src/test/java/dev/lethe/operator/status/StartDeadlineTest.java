package dev.lethe.operator.status;

import static dev.lethe.operator.status.JobStateTest.job;
import static dev.lethe.operator.status.JobStateTest.waitingPod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StartDeadlineTest {
  static final StartDeadline TEN_MINUTES = new StartDeadline(Duration.ofMinutes(10));
  static final String BOUND_AT = "2026-11-22T10:00:00Z";
  static final Instant AT = Instant.parse(BOUND_AT);

  static JobState stateOf(Pod pod) {
    return JobState.of(null, job(false, null, null), pod);
  }

  @ParameterizedTest
  @CsvSource({
    "ImagePullBackOff, ImagePullFailed",
    "CreateContainerConfigError, ContainerConfigError"
  })
  void aPodHoldingItsNodeWithoutStartingFailsTheJobOnceTheDeadlinePasses(
      String waiting, String reason) {
    Pod pod = waitingPod(waiting, BOUND_AT);
    JobState state = stateOf(pod);

    JobState before = TEN_MINUTES.judge(state, pod, AT.plusSeconds(599));
    JobState after = TEN_MINUTES.judge(state, pod, AT.plusSeconds(600));

    assertThat(before).isEqualTo(state);
    assertThat(TEN_MINUTES.left(state, pod, AT.plusSeconds(599))).contains(Duration.ofSeconds(1));
    assertThat(after.finished()).isTrue();
    assertThat(after.succeeded()).isFalse();
    assertThat(after.reason()).isEqualTo(reason);
    assertThat(after.message())
        .isEqualTo(
            "the trainer pod did not start within the start deadline of 10m, so its Job was"
                + " stopped: "
                + state.message());
    assertThat(TEN_MINUTES.left(state, pod, AT.plusSeconds(3600))).contains(Duration.ZERO);
  }

  @Test
  void aPodTheKubeletHasNotTakenCountsFromItsCreation() {
    Pod pod = waitingPod("ErrImagePull", null);

    assertThat(TEN_MINUTES.left(stateOf(pod), pod, Instant.parse("2026-11-22T10:00:00Z")))
        .contains(Duration.ofMinutes(9));
  }

  @Test
  void whatHoldsNoNodeWaitsWithoutDeadline() {
    JobState unschedulable = JobState.waiting(Reasons.UNSCHEDULABLE, "0/3 nodes are available");
    JobState pending = JobState.waiting(Reasons.PENDING, "waiting for the trainer pod to start");
    Pod pod = waitingPod("ErrImagePull", BOUND_AT);
    Instant muchLater = AT.plus(Duration.ofDays(3));

    assertThat(TEN_MINUTES.judge(unschedulable, pod, muchLater)).isEqualTo(unschedulable);
    assertThat(TEN_MINUTES.left(pending, pod, muchLater)).isEmpty();
    assertThat(TEN_MINUTES.left(stateOf(pod), null, muchLater)).isEmpty();
  }
}
