package dev.lethe.api.v1alpha1;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;

/**
 * The output directory lies apart from every input on its claim, or the trainer could write over
 * what it reads. Rules on the job's root, where the default output path (the job's name) can be
 * read; written here because they are built from one pattern per input, and split in two so that
 * each stays within the API server's CEL cost budget. The operator checks the same (Claims).
 */
final class OutputRules {
  private OutputRules() {}

  static final String MESSAGE =
      "output must lie apart from every input on its claim: the trainer would write over what it"
          + " reads (give output.pvc a path outside the model's and the data's directories)";

  /** The output directory inside its claim: output.pvc.path, or the job's name. */
  private static final String OUTPUT =
      "(has(self.spec.output.pvc.path) ? self.spec.output.pvc.path : self.metadata.name)";

  /**
   * The PvcSource {@code pvc} is not the output directory, inside it or around it; a path left out
   * is the claim's root, around everything on it. The operator checks the same (Claims).
   */
  private static String apart(String pvc) {
    return "!("
        + pvc
        + ".claimName == self.spec.output.pvc.claimName && (!has("
        + pvc
        + ".path) || "
        + pvc
        + ".path == "
        + OUTPUT
        + " || "
        + pvc
        + ".path.startsWith("
        + OUTPUT
        + " + '/') || "
        + OUTPUT
        + ".startsWith("
        + pvc
        + ".path + '/')))";
  }

  /** The input {@code source} (a DataSource under spec, e.g. data.retain), if set, lies apart. */
  private static String apartIfSet(String source) {
    String path = "self.spec." + source;
    String parent = path.substring(0, path.lastIndexOf('.'));
    return "(!has("
        + parent
        + ") || !has("
        + path
        + ") || !has("
        + path
        + ".pvc) || "
        + apart(path + ".pvc")
        + ")";
  }

  /** The model and the data sets lie apart from the output (rules split to stay in budget). */
  private static final String MODEL_AND_DATA_APART =
      apart("self.spec.model.pvc")
          + " && "
          + apartIfSet("data.forget")
          + " && "
          + apartIfSet("data.retain")
          + " && "
          + apartIfSet("data.refusals")
          + " && "
          + apartIfSet("data.anchors");

  private static final String EVALUATION_APART =
      apartIfSet("evaluation.retain")
          + " && "
          + apartIfSet("evaluation.holdout")
          + " && "
          + apartIfSet("evaluation.reference")
          + " && (!has(self.spec.evaluation) || !has(self.spec.evaluation.utility) ||"
          + " self.spec.evaluation.utility.all(k, !has(self.spec.evaluation.utility[k].pvc) || "
          + apart("self.spec.evaluation.utility[k].pvc")
          + "))";

  static void addTo(JSONSchemaProps root) {
    for (String rule : new String[] {MODEL_AND_DATA_APART, EVALUATION_APART}) {
      SchemaRules.rule(root, ".spec.output.pvc", "!has(self.spec) || " + rule, MESSAGE);
    }
  }
}
