package dev.lethe.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamesTest {

  @Test
  void theLongestJobNameGivesATrainerJobNameThatFitsALabel() {
    String longest = "j".repeat(Names.MAX_JOB_NAME);

    assertThat(Names.trainerJob(longest)).hasSize(Names.MAX_LABEL_VALUE);
    assertThat(Names.trainerConfig(longest)).hasSizeLessThanOrEqualTo(Names.MAX_LABEL_VALUE);
  }

  @Test
  void aTrainerJobNameLeadsBackToItsJob() {
    assertThat(Names.jobOfTrainer(Names.trainerJob("forget-author-17")))
        .contains("forget-author-17");
    assertThat(Names.jobOfTrainer("-trainer")).isEmpty();
    assertThat(Names.jobOfTrainer("nightly-backup")).isEmpty();
  }
}
