package dev.lethe.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.api.v1alpha1.UnlearningJob;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

class JobEventsTest {
  @Test
  void theSameTellingOfTheSameVersionHasTheSameNameAndAnythingElseAnother() {
    String name = JobEvents.name(job("41"), "Normal", "JobCreated", "created the trainer Job");

    assertThat(name)
        .as("told again by a restarted operator")
        .isEqualTo(JobEvents.name(job("41"), "Normal", "JobCreated", "created the trainer Job"))
        .matches("x{55}\\.[0-9a-f]{16}");
    assertThat(JobEvents.name(job("42"), "Normal", "JobCreated", "created the trainer Job"))
        .as("a newer version of the job")
        .isNotEqualTo(name);
    assertThat(JobEvents.name(job("41"), "Normal", "Pending", "created the trainer Job"))
        .isNotEqualTo(name);
    assertThat(JobEvents.name(job("41"), "Normal", "JobCreated", "another message"))
        .isNotEqualTo(name);
  }

  private static UnlearningJob job(String resourceVersion) {
    UnlearningJob job = new UnlearningJob();
    job.setMetadata(
        new ObjectMetaBuilder()
            .withName("x".repeat(55))
            .withNamespace("ml")
            .withUid("9f1c")
            .withResourceVersion(resourceVersion)
            .build());
    return job;
  }
}
