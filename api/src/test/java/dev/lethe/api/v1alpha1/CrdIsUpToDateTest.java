package dev.lethe.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrdIsUpToDateTest {

  @Test
  void checkedInCrdIsWhatTheApiClassesGenerate(@TempDir Path dir) throws Exception {
    String generated = Files.readString(CrdFiles.generate(dir));
    String checkedIn = Files.readString(CrdFiles.repositoryRoot().resolve(UnlearningJobCrd.FILE));

    assertThat(checkedIn)
        .as(
            "%s is out of date with the API classes: run 'make crds' and commit it",
            UnlearningJobCrd.FILE)
        .isEqualTo(generated);
  }
}
