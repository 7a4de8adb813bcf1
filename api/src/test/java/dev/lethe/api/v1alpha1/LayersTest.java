package dev.lethe.api.v1alpha1;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The API describes the resource: of Lethe it knows only the contract, and nothing of DJL. */
class LayersTest {
  static final JavaClasses API =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.lethe.api");

  @Test
  void theApiKnowsOnlyTheContractOfLethe() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.lethe.operator..",
            "dev.lethe.trainer..",
            "dev.lethe.local..",
            "io.javaoperatorsdk..",
            "ai.djl..")
        .check(API);
  }
}
