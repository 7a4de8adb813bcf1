package dev.lethe.local.node;

import dev.lethe.local.LocalSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The images this machine can run, as local commands: the agent's stand-in for pulling an image. An
 * image matches by its repository's last path segment, whatever its registry and tag ({@code
 * ghcr.io/lethe/lethe-trainer:0.1} and {@code lethe-trainer:dev} are both {@code lethe-trainer}).
 *
 * @param entrypoints the command each image name runs; the container's args follow it
 */
public record LocalImages(Map<String, List<String>> entrypoints) {
  public static final String TRAINER = "lethe-trainer";

  /** The trainer image runs the locally built trainer jar on this JVM's {@code java}. */
  public static LocalImages trainer(Path trainerJar) {
    String java = LocalSettings.java();
    return new LocalImages(
        Map.of(TRAINER, List.of(java, "-jar", trainerJar.toAbsolutePath().toString())));
  }

  /** The entrypoint followed by the args. */
  List<String> command(String image, List<String> command, List<String> args) throws CannotStart {
    List<String> entrypoint = entrypoints.get(name(image));
    if (entrypoint == null) {
      throw new CannotStart(
          "ErrImagePull",
          "the local node agent runs only "
              + String.join(", ", entrypoints.keySet())
              + " images (as local processes), not "
              + image);
    }
    if (command != null && !command.isEmpty()) {
      throw new CannotStart(
          "CreateContainerConfigError",
          "the local node agent runs an image's own entrypoint; the container's command "
              + command
              + " cannot be run");
    }
    for (String part : entrypoint) {
      if (part.endsWith(".jar") && !Files.isRegularFile(Path.of(part))) {
        throw new CannotStart(
            "ErrImagePull",
            image
                + " is built locally as "
                + part
                + ", which is missing: build it with `make demo`");
      }
    }
    List<String> all = new ArrayList<>(entrypoint);
    if (args != null) {
      all.addAll(args);
    }
    return all;
  }

  static String name(String image) {
    String withoutDigest = image.split("@", 2)[0];
    String repository = withoutDigest.substring(withoutDigest.lastIndexOf('/') + 1);
    int tag = repository.indexOf(':');
    return tag < 0 ? repository : repository.substring(0, tag);
  }
}
