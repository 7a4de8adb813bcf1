package dev.lethe.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Generates the CRD from the API classes with Fabric8's CRD generator. {@code make crds} runs
 * {@link #main} to refresh {@code crds/}; {@link CrdIsUpToDateTest} fails when that was forgotten.
 */
public final class CrdFiles {
  private CrdFiles() {}

  private static final String HEADER =
      "# Generated from api/ by 'make crds' (Fabric8 CRD generator); do not edit.\n";

  /**
   * Writes the CRD into {@code directory} and returns the file, with {@link SchemaRules} added.
   * Fabric8's generator sorts printer columns by JSONPath (Age would come second); they are put
   * back in the order the annotations on {@link UnlearningJob} declare.
   */
  public static Path generate(Path directory) throws IOException {
    Files.createDirectories(directory);
    new CRDGenerator()
        .customResourceClasses(UnlearningJob.class)
        .forCRDVersions("v1")
        .inOutputDir(directory.toFile())
        .generate();
    Path file = directory.resolve(Path.of(UnlearningJobCrd.FILE).getFileName());
    CustomResourceDefinition crd =
        SchemaRules.unlearningJob(
            Serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class));
    List<String> declared =
        Arrays.stream(UnlearningJob.class.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      version
          .getAdditionalPrinterColumns()
          .sort(Comparator.comparing(c -> declared.indexOf(c.getName())));
    }
    Files.writeString(file, HEADER + Serialization.asYaml(crd).replaceFirst("^---\n", ""));
    return file;
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

  /** Where the CRD is checked in: {@code crds/}, and the Helm chart's copy, which it renders. */
  public static List<Path> checkedIn() {
    Path root = repositoryRoot();
    return List.of(root.resolve(UnlearningJobCrd.FILE), root.resolve(CHART_COPY));
  }

  /** The Helm chart's copy of the CRD (a chart cannot read files outside its directory). */
  public static final String CHART_COPY = "charts/lethe/files/crds/unlearningjobs.lethe.dev-v1.yml";

  public static void main(String[] args) throws IOException {
    for (Path target : checkedIn()) {
      generate(target.getParent());
      System.out.println("wrote " + target);
    }
  }
}
