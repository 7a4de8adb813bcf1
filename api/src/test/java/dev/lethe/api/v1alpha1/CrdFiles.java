package dev.lethe.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Generates the CRD from the API classes with Fabric8's CRD generator. {@code make crds} runs
 * {@link #main} to refresh {@code crds/}; {@link CrdIsUpToDateTest} fails when that was forgotten.
 */
public final class CrdFiles {
  private CrdFiles() {}

  private static final String HEADER =
      "# Generated from api/ by 'make crds' (Fabric8 CRD generator); do not edit.\n";

  /** A resource class, the file its CRD is checked in as, and the rules added to the schema. */
  private record Crd(
      Class<? extends HasMetadata> type,
      String file,
      UnaryOperator<CustomResourceDefinition> rules) {}

  private static final List<Crd> CRDS =
      List.of(
          new Crd(UnlearningJob.class, UnlearningJobCrd.FILE, SchemaRules::unlearningJob),
          new Crd(
              UnlearningPolicy.class, UnlearningJobCrd.POLICY_FILE, SchemaRules::unlearningPolicy));

  /**
   * Writes both CRDs into {@code directory}, with {@link SchemaRules} added. Fabric8's generator
   * sorts printer columns by JSONPath (Age would come second); they are put back in the order each
   * class's annotations declare.
   */
  public static void generate(Path directory) throws IOException {
    Files.createDirectories(directory);
    new CRDGenerator()
        .customResourceClasses(CRDS.stream().<Class<? extends HasMetadata>>map(Crd::type).toList())
        .forCRDVersions("v1")
        .inOutputDir(directory.toFile())
        .generate();
    for (Crd resource : CRDS) {
      Path file = directory.resolve(Path.of(resource.file()).getFileName());
      CustomResourceDefinition crd =
          resource
              .rules()
              .apply(
                  Serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class));
      List<String> declared =
          Arrays.stream(resource.type().getAnnotationsByType(AdditionalPrinterColumn.class))
              .map(AdditionalPrinterColumn::name)
              .toList();
      for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
        version
            .getAdditionalPrinterColumns()
            .sort(Comparator.comparing(c -> declared.indexOf(c.getName())));
      }
      Files.writeString(file, HEADER + Serialization.asYaml(crd).replaceFirst("^---\n", ""));
    }
  }

  /** The repository root, found from the working directory (the module or the root). */
  public static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(
          "not inside the Lethe repository: no mvnw above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  /**
   * Where the CRDs are checked in: {@code crds/}, and the Helm chart's copies, which it renders (a
   * chart cannot read files outside its directory).
   */
  public static List<Path> checkedIn() {
    Path root = repositoryRoot();
    List<Path> files = new ArrayList<>();
    for (String file : CRDS.stream().map(Crd::file).toList()) {
      files.add(root.resolve(file));
      files.add(root.resolve(CHART_DIRECTORY).resolve(Path.of(file).getFileName()));
    }
    return files;
  }

  /** The Helm chart's copies of the CRDs. */
  public static final String CHART_DIRECTORY = "charts/lethe/files/crds";

  public static void main(String[] args) throws IOException {
    for (Path directory : checkedIn().stream().map(Path::getParent).distinct().toList()) {
      generate(directory);
      System.out.println("wrote the CRDs into " + directory);
    }
    ApiReference.write(files(repositoryRoot().resolve(Path.of(UnlearningJobCrd.FILE).getParent())));
    System.out.println("wrote " + ApiReference.FILE);
  }

  /** The CRD files in {@code directory}, in the order of {@link #CRDS}. */
  public static List<Path> files(Path directory) {
    return CRDS.stream().map(c -> directory.resolve(Path.of(c.file()).getFileName())).toList();
  }
}
