package dev.lethe.trainer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The trainer runs in a pod and knows nothing of Kubernetes: what it is told comes through the
 * contract (its config, its result, the pod's environment), never from the API or the operator.
 *
 * <p>Inside, its packages are layers that import only downwards: files (reading the user's files) ←
 * model ← lora ← data ← loss ← the rest (train, eval, report, whp, fila, cli and the runs). The
 * model knows nothing of training, as a Hugging Face model knows nothing of its trainer.
 */
class LayersTest {
  static final JavaClasses TRAINER =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.lethe.trainer");

  /** From the bottom up. */
  static final List<String> LAYERS = List.of("files", "model", "lora", "data", "loss");

  /** Above every layer; their order among themselves is not fixed yet. */
  static final List<String> UPPER = List.of("train", "eval", "report", "whp", "fila", "cli");

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

  @ParameterizedTest
  @ValueSource(strings = {"files", "model", "lora", "data", "loss"})
  void aLayerImportsNothingAboveIt(String layer) {
    List<String> above = new ArrayList<>();
    LAYERS.subList(LAYERS.indexOf(layer) + 1, LAYERS.size()).forEach(above::add);
    UPPER.forEach(above::add);
    noClasses()
        .that()
        .resideInAPackage("dev.lethe.trainer." + layer + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            above.stream().map(p -> "dev.lethe.trainer." + p + "..").toArray(String[]::new))
        .orShould()
        .dependOnClassesThat()
        .resideInAPackage("dev.lethe.trainer")
        .check(TRAINER);
  }
}
