package dev.lethe.operator.model;

import dev.lethe.api.v1alpha1.DataSource;
import java.nio.file.Path;

/**
 * Where the trainer pod sees its inputs and outputs. The trainer config and the Job's volume mounts
 * are both rendered from here, so the two cannot disagree.
 */
public final class PodPaths {
  private PodPaths() {}

  /** The trainer config, from the job's ConfigMap. */
  public static final String CONFIG_DIR = "/etc/lethe";

  public static final String CONFIG_FILE = CONFIG_DIR + "/job.json";

  /** The model directory (read-only). */
  public static final String MODEL = "/lethe/model";

  /** The output directory (read-write): adapter, report, checkpoints. */
  public static final String OUTPUT = "/lethe/output";

  public static final String TERMINATION_MESSAGE = "/dev/termination-log";

  /**
   * The file of a data input ({@code forget}, {@code retain}, {@code refusals}, {@code anchors}):
   * {@code /lethe/data/<role>/<file name>}, the name of the ConfigMap key or of the file in the
   * claim.
   */
  public static String data(String role, DataSource source) {
    String name =
        source.configMap() != null
            ? source.configMap().key()
            : Path.of(source.pvc().path()).getFileName().toString();
    return dataDir(role) + "/" + name;
  }

  public static String dataDir(String role) {
    return "/lethe/data/" + role;
  }
}
