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

  /** The roles of input files; each is mounted at its own directory. */
  public static final String FORGET = "forget";

  public static final String RETAIN = "retain";
  public static final String REFUSALS = "refusals";
  public static final String ANCHORS = "anchors";
  public static final String EVALUATION_RETAIN = "eval-retain";
  public static final String HOLDOUT = "holdout";
  public static final String REFERENCE = "reference";

  /** The role of a named utility set. */
  public static String utility(String name) {
    return "utility-" + name;
  }

  /**
   * The file of an input by its role (above): {@code /lethe/data/<role>/<file name>}, the name of
   * the ConfigMap key or of the file in the claim.
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
