package dev.lethe.contract;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The contract is the ground floor: the operator and the trainer both build on it, so it depends on
 * neither, nor on Kubernetes or DJL.
 */
class LayersTest {
  static final JavaClasses CONTRACT =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.lethe.contract");

  @Test
  void theContractStandsOnNothingOfLethesAndNeitherOnKubernetesNorOnDjl() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.lethe.api..",
            "dev.lethe.operator..",
            "dev.lethe.trainer..",
            "dev.lethe.local..",
            "io.fabric8..",
            "io.javaoperatorsdk..",
            "ai.djl..")
        .check(CONTRACT);
  }
}
