package dev.lethe.trainer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The trainer runs in a pod and knows nothing of Kubernetes: what it is told comes through the
 * contract (its config, its result, the pod's environment), never from the API or the operator.
 */
class LayersTest {
  static final JavaClasses TRAINER =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.lethe.trainer");

  @Test
  void theTrainerNeverImportsKubernetesTheApiOrTheOperator() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.fabric8..",
            "io.javaoperatorsdk..",
            "dev.lethe.api..",
            "dev.lethe.operator..",
            "dev.lethe.local..")
        .check(TRAINER);
  }
}
