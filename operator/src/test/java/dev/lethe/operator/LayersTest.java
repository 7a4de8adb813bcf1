package dev.lethe.operator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The operator talks to the trainer only through the contract (its config and result) and the pod
 * it runs in: it never imports the trainer or DJL, nor the local mode built on top of it.
 */
class LayersTest {
  static final JavaClasses OPERATOR =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.lethe.operator");

  @Test
  void theOperatorNeverImportsTheTrainerOrDjl() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.lethe.trainer..", "dev.lethe.local..", "ai.djl..")
        .check(OPERATOR);
  }
}
