package dev.lethe.charts.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.charts.images.Dockerfile.Copy;
import dev.lethe.charts.images.Dockerfile.Stage;
import dev.lethe.contract.Limits;
import dev.lethe.operator.OperatorSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;

/**
 * The images cannot be built here (images/README.md), so this checks what can be checked without
 * building them: the Dockerfiles against the Maven build, the code and each other.
 */
class ImagesTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  /** The module whose program each image runs. */
  private static final Map<String, String> MODULE =
      Map.of("operator", "operator", "trainer", "trainer", "trainer-cuda", "trainer");

  @ParameterizedTest
  @ValueSource(strings = {"operator", "trainer", "trainer-cuda"})
  void copiesExactlyTheJarAndClasspathMavenWrites(String image) throws Exception {
    String module = MODULE.get(image);
    Document pom = xml(ROOT.resolve(module).resolve("pom.xml"));
    String finalName = xpath(pom, "/project/build/finalName");
    assertThat(finalName).as("%s/pom.xml names its jar", module).isNotEmpty();
    assertThat(
            xpath(
                pom, "count(/project/build/plugins/plugin[artifactId='maven-dependency-plugin'])"))
        .as("%s/pom.xml copies its runtime classpath to target/lib/ (parent pom)", module)
        .isEqualTo("1");

    List<String> sources =
        dockerfile(image).stages().stream()
            .flatMap(s -> s.contextCopies().stream())
            .flatMap(c -> c.sources().stream())
            .toList();
    assertThat(sources)
        .containsExactlyInAnyOrder(
            module + "/target/" + finalName + ".jar", module + "/target/lib/");
  }

  @ParameterizedTest
  @ValueSource(strings = {"operator", "trainer", "trainer-cuda"})
  void entrypointRunsTheCopiedJarWithItsClasspathBesideIt(String image) throws Exception {
    Dockerfile dockerfile = dockerfile(image);
    Stage last = dockerfile.finalStage();
    List<String> entrypoint = entrypoint(last);
    assertThat(entrypoint)
        .as("exec form: the container's arguments follow, java is PID 1")
        .first()
        .isEqualTo("java");
    assertThat(entrypoint).contains("-jar");
    String jar = entrypoint.get(entrypoint.indexOf("-jar") + 1);

    String module = MODULE.get(image);
    assertThat(last.contextCopies())
        .as("the jar comes from the build context")
        .anySatisfy(
            c -> {
              assertThat(c.sources())
                  .singleElement()
                  .asString()
                  .startsWith(module + "/target/")
                  .endsWith(".jar");
              assertThat(c.destination()).isEqualTo(jar);
            });

    // The manifest's Class-Path is lib/<jar>, relative to the jar.
    String lib = Path.of(jar).getParent().resolve("lib") + "/";
    Copy libCopy =
        last.copies().stream()
            .filter(c -> c.destination().equals(lib))
            .findFirst()
            .orElseThrow(() -> new AssertionError(image + ": nothing is copied to " + lib));
    if (libCopy.from() == null) {
      assertThat(libCopy.sources()).containsExactly(module + "/target/lib/");
    } else {
      Stage from =
          dockerfile
              .stage(libCopy.from())
              .orElseThrow(() -> new AssertionError(image + ": no stage " + libCopy.from()));
      assertThat(from.contextCopies())
          .as("stage %s holds the classpath where the final stage takes it", from.name())
          .anySatisfy(
              c -> {
                assertThat(c.sources()).containsExactly(module + "/target/lib/");
                assertThat(c.destination()).isEqualTo(libCopy.sources().get(0));
              });
    }
  }

  @Test
  void dockerignoreLetsThroughWhatTheDockerfilesCopyAndLittleElse() throws IOException {
    DockerIgnore ignore = DockerIgnore.read(ROOT.resolve(".dockerignore"));
    for (String image : MODULE.keySet()) {
      for (Stage stage : dockerfile(image).stages()) {
        for (Copy copy : stage.contextCopies()) {
          for (String source : copy.sources()) {
            String path = source.endsWith("/") ? source + "some.jar" : source;
            assertThat(ignore.excludes(path)).as("%s copies %s", image, path).isFalse();
          }
        }
      }
    }
    assertThat(
            List.of(
                ".git/HEAD",
                "pom.xml",
                "bench/results/quality.csv",
                ".lethe/claims/default/models/model.safetensors",
                "trainer/target/classes/dev/lethe/trainer/cli/Main.class",
                "operator/target/test-classes/x.class",
                "images/trainer/Dockerfile"))
        .allSatisfy(path -> assertThat(ignore.excludes(path)).as(path).isTrue());
  }

  @ParameterizedTest
  @ValueSource(strings = {"trainer", "trainer-cuda"})
  void pinnedVersionsAreTheParentPomVersions(String image) throws Exception {
    Document parent = xml(ROOT.resolve("pom.xml"));
    String pytorch = xpath(parent, "/project/properties/pytorch.version");
    String djl = xpath(parent, "/project/properties/djl.version");
    Dockerfile dockerfile = dockerfile(image);
    assertThat(dockerfile.globalArgs())
        .containsEntry("PYTORCH_VERSION", pytorch)
        .containsEntry("DJL_VERSION", djl);
    for (Stage stage : dockerfile.stages()) {
      Map<String, String> variables = dockerfile.variables(stage);
      if (variables.containsKey("PYTORCH_VERSION")) {
        assertThat(variables.get("PYTORCH_VERSION")).as(stage.name()).isEqualTo(pytorch);
      }
      if (variables.containsKey("DJL_VERSION")) {
        assertThat(variables.get("DJL_VERSION")).as(stage.name()).isEqualTo(djl);
      }
    }

    // The jars the natives come from, by the names Maven gives them (parent pom's versions).
    Stage natives = dockerfile.stage("natives").orElseThrow();
    String unpacking = runs(dockerfile, natives);
    String flavor = dockerfile.environment(dockerfile.finalStage()).get("PYTORCH_FLAVOR");
    assertThat(unpacking)
        .contains(
            "lib/pytorch-jni-"
                + pytorch
                + "-"
                + djl
                + ".jar jnilib/linux-x86_64/"
                + flavor
                + "/libdjl_torch.so")
        .contains("native/pytorch/" + djl + "-libdjl_torch.so")
        .contains("lib/tokenizers-" + djl + ".jar");
    if (flavor.equals("cpu")) {
      assertThat(unpacking).contains("lib/pytorch-native-cpu-" + pytorch + "-linux-x86_64.jar");
    } else {
      assertThat(unpacking)
          .contains(
              "https://download.pytorch.org/libtorch/"
                  + flavor
                  + "/libtorch-cxx11-abi-shared-with-deps-"
                  + pytorch
                  + "%2B"
                  + flavor
                  + ".zip");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"trainer", "trainer-cuda"})
  void trainerImagesPointDjlAtTheLibrariesTheyUnpacked(String image) throws Exception {
    Dockerfile dockerfile = dockerfile(image);
    Map<String, String> env = dockerfile.environment(dockerfile.finalStage());
    String pytorch = xpath(xml(ROOT.resolve("pom.xml")), "/project/properties/pytorch.version");
    assertThat(env)
        .containsEntry("PYTORCH_LIBRARY_PATH", "/opt/lethe/native/pytorch")
        .containsEntry("PYTORCH_VERSION", pytorch)
        .containsEntry("PYTORCH_FLAVOR", image.equals("trainer") ? "cpu" : "cu128")
        .containsEntry("RUST_LIBRARY_PATH", "/opt/lethe/native/tokenizers/libtokenizers.so")
        .containsEntry("DJL_OFFLINE", "true");
    assertThat(env.get("DJL_CACHE_DIR"))
        .as("a cache, if any, in the writable /tmp")
        .startsWith("/tmp/");
    assertThat(dockerfile.finalStage().copies())
        .as("the unpacked libraries are in the image")
        .anySatisfy(c -> assertThat(c.destination()).isEqualTo("/opt/lethe/native/"));
    // The natives stage unpacks into native/ under its working directory, which the final stage
    // copies to /opt/lethe/native/.
    Stage natives = dockerfile.stage("natives").orElseThrow();
    assertThat(natives.all("WORKDIR"))
        .extracting(i -> i.arguments().trim())
        .containsExactly("/opt/lethe");
    assertThat(natives.copies())
        .noneSatisfy(c -> assertThat(c.destination()).startsWith("/opt/lethe/native"));
    assertThat(runs(dockerfile, natives))
        .contains(
            "native/pytorch/",
            "libtokenizers.so -d native/tokenizers",
            "libjnidispatch.so -d native/jna");
    assertThat(entrypoint(dockerfile.finalStage()))
        .contains("-Djna.boot.library.path=/opt/lethe/native/jna", "-Djna.nounpack=true");
  }

  @Test
  void cudaBaseImageHasTheCudaVersionOfTheLibtorchFlavour() throws IOException {
    Dockerfile dockerfile = dockerfile("trainer-cuda");
    String flavor = dockerfile.environment(dockerfile.finalStage()).get("PYTORCH_FLAVOR");
    Matcher cu = Pattern.compile("cu(\\d+)(\\d)").matcher(flavor);
    assertThat(cu.matches()).as(flavor).isTrue();
    assertThat(dockerfile.finalStage().image())
        .startsWith("nvidia/cuda:" + cu.group(1) + "." + cu.group(2) + ".");
  }

  @ParameterizedTest
  @ValueSource(strings = {"operator", "trainer", "trainer-cuda"})
  void runsAsANumericUserThatIsNotRoot(String image) throws IOException {
    List<Dockerfile.Instruction> users = dockerfile(image).finalStage().all("USER");
    assertThat(users).isNotEmpty();
    String user = users.get(users.size() - 1).arguments().trim();
    assertThat(user)
        .as("the kubelet checks runAsNonRoot only on a numeric user")
        .matches("\\d+(:\\d+)?");
    assertThat(Integer.parseInt(user.split(":")[0])).isNotZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"operator", "trainer", "trainer-cuda"})
  void baseImagesArePinnedByTag(String image) throws IOException {
    Dockerfile dockerfile = dockerfile(image);
    for (Stage stage : dockerfile.stages()) {
      if (dockerfile.stage(stage.image()).isPresent()) {
        continue; // FROM an earlier stage
      }
      String reference = stage.image();
      String tag = reference.substring(reference.lastIndexOf('/') + 1);
      assertThat(tag).as(reference).contains(":").doesNotEndWith(":latest");
    }
  }

  @Test
  void allImagesRunOnOneJavaRuntime() throws IOException {
    List<String> temurin =
        MODULE.keySet().stream()
            .flatMap(image -> dockerfile(image).stages().stream())
            .map(Stage::image)
            .filter(reference -> reference.startsWith("eclipse-temurin:"))
            .distinct()
            .toList();
    assertThat(temurin).hasSize(1);
    assertThat(temurin.get(0))
        .as("Java 17, the project's release")
        .startsWith("eclipse-temurin:17.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"operator", "trainer", "trainer-cuda"})
  void exposesThePortTheProgramListensOn(String image) throws IOException {
    int port = image.equals("operator") ? OperatorSettings.DEFAULT_HTTP_PORT : Limits.TRAINER_PORT;
    assertThat(dockerfile(image).finalStage().all("EXPOSE"))
        .extracting(i -> i.arguments().trim())
        .containsExactly(String.valueOf(port));
  }

  @ParameterizedTest
  @ValueSource(strings = {"operator", "trainer", "trainer-cuda"})
  void labelsNameTheImageAndTheProjectVersion(String image) throws Exception {
    Dockerfile dockerfile = dockerfile(image);
    Stage last = dockerfile.finalStage();
    Map<String, String> variables = dockerfile.variables(last);
    Map<String, String> labels =
        last.all("LABEL").stream()
            .flatMap(i -> Dockerfile.keyValues(i.arguments()).entrySet().stream())
            .collect(
                Collectors.toMap(
                    Map.Entry::getKey, e -> Dockerfile.substitute(e.getValue(), variables)));
    assertThat(labels)
        .containsEntry("org.opencontainers.image.title", "lethe-" + image)
        .containsEntry(
            "org.opencontainers.image.version",
            xpath(xml(ROOT.resolve("pom.xml")), "/project/version"));
  }

  private static Dockerfile dockerfile(String image) {
    try {
      return Dockerfile.read(ROOT.resolve("images").resolve(image).resolve("Dockerfile"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> entrypoint(Stage stage) throws IOException {
    List<Dockerfile.Instruction> entrypoints = stage.all("ENTRYPOINT");
    assertThat(entrypoints).hasSize(1);
    String arguments = entrypoints.get(0).arguments().trim();
    assertThat(arguments).as("exec (JSON) form").startsWith("[");
    return new ObjectMapper().readValue(arguments, new TypeReference<List<String>>() {});
  }

  /** A stage's RUN commands, build arguments substituted. */
  private static String runs(Dockerfile dockerfile, Stage stage) {
    Map<String, String> variables = dockerfile.variables(stage);
    return String.join(
        "\n",
        stage.all("RUN").stream()
            .map(i -> Dockerfile.substitute(i.arguments(), variables).replaceAll("\\s+", " "))
            .toList());
  }

  private static Document xml(Path file) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }

  private static String xpath(Document document, String expression) throws Exception {
    return XPathFactory.newInstance().newXPath().evaluate(expression, document).strip();
  }
}
