package dev.lethe.local;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Local mode runs the trainer as a process, as a kubelet runs a container: its code never imports
 * the trainer or DJL (its tests may, to make a model), and it learns what the operator renders only
 * from the operator's own classes.
 */
class LayersTest {
  static final JavaClasses LOCAL =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.lethe.local");

  @Test
  void localModeNeverImportsTheTrainerOrDjl() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.lethe.trainer..", "ai.djl..", "dev.lethe.bench..")
        .check(LOCAL);
  }
}
