package dev.lethe.trainer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.lethe.contract.LoraInit;
import dev.lethe.contract.UnlearningMethod;
import dev.lethe.trainer.method.Method;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The trainer runs in a pod and knows nothing of Kubernetes: what it is told comes through the
 * contract (its config, its result, the pod's environment), never from the API or the operator.
 *
 * <p>Inside, its packages are layers that import only downwards: files (reading the user's files) ←
 * model ← lora ← data ← loss ← train ← eval ← fila ← whp ← method ← report ← the runs (the root
 * package) ← cli. The model knows nothing of training, as a Hugging Face model knows nothing of its
 * trainer; the training loop knows a loss, never which method it is; a method knows how to train
 * and evaluate, and nothing of reporting or the command line.
 */
class LayersTest {
  static final JavaClasses TRAINER =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.lethe.trainer");

  /** From the bottom up; the runs, in the root package, sit between report and cli. */
  static final List<String> LAYERS =
      List.of(
          "files", "model", "lora", "data", "loss", "train", "eval", "fila", "whp", "method",
          "report", "cli");

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
  @ValueSource(
      strings = {
        "files", "model", "lora", "data", "loss", "train", "eval", "fila", "whp", "method", "report"
      })
  void aLayerImportsNothingAboveIt(String layer) {
    List<String> above = LAYERS.subList(LAYERS.indexOf(layer) + 1, LAYERS.size());
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

  /**
   * Adding a method or a way to start the adapters never touches the runs: they hold a {@code
   * Method} and an {@code AdapterStart}, never a particular one, and never ask which one the job
   * named.
   */
  @Test
  void theRunsNeverNameAMethodOrAStart() {
    noClasses()
        .that()
        .resideInAPackage("dev.lethe.trainer")
        .should()
        .dependOnClassesThat()
        .belongToAnyOf(UnlearningMethod.class, LoraInit.class)
        .orShould()
        .dependOnClassesThat()
        .implement(Method.class)
        .check(TRAINER);
  }

  @Test
  void theRunsNeverImportTheCommandLine() {
    noClasses()
        .that()
        .resideInAPackage("dev.lethe.trainer")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.lethe.trainer.cli..")
        .check(TRAINER);
  }
}
