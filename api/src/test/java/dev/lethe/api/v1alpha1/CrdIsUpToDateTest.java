package dev.lethe.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrdIsUpToDateTest {

  @Test
  void checkedInCrdsAreWhatTheApiClassesGenerate(@TempDir Path dir) throws Exception {
    CrdFiles.generate(dir);

    for (Path file : CrdFiles.checkedIn()) {
      String generated = Files.readString(dir.resolve(file.getFileName()));
      assertThat(Files.readString(file))
          .as("%s is out of date with the API classes: run 'make crds' and commit it", file)
          .isEqualTo(generated);
    }
  }

  @Test
  void theApiReferenceIsWhatTheCrdsSay(@TempDir Path dir) throws Exception {
    CrdFiles.generate(dir);

    assertThat(Files.readString(CrdFiles.repositoryRoot().resolve(ApiReference.FILE)))
        .as("%s is out of date with the CRDs: run 'make crds' and commit it", ApiReference.FILE)
        .isEqualTo(ApiReference.markdown(CrdFiles.files(dir)));
  }
}
