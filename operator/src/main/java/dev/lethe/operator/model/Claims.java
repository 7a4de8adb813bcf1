package dev.lethe.operator.model;

import dev.lethe.api.v1alpha1.DataSource;
import dev.lethe.api.v1alpha1.PvcSource;
import dev.lethe.api.v1alpha1.UnlearningJobSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The PersistentVolumeClaims a job's trainer pod mounts: read-only inputs and the one read-write
 * output. Pure.
 */
public final class Claims {
  private Claims() {}

  /** The claims the trainer reads: the model's and every data set's that lies on a claim. */
  public static Set<String> read(UnlearningJobSpec spec) {
    Set<String> claims = new LinkedHashSet<>();
    inputs(spec).forEach(input -> claims.add(input.claimName()));
    return claims;
  }

  /** The claim the trainer writes its output to. */
  public static String written(UnlearningJobSpec spec) {
    return spec.output().pvc().claimName();
  }

  /** The output directory inside its claim: {@code output.pvc.path}, or the job's name. */
  public static String outputPath(UnlearningJobSpec spec, String jobName) {
    return spec.output().pvc().path() != null ? spec.output().pvc().path() : jobName;
  }

  /**
   * The first input that lies inside the output directory or contains it, if any: the trainer would
   * then be able to write over what it reads.
   */
  public static Optional<PvcSource> overlappingOutput(UnlearningJobSpec spec, String jobName) {
    String output = outputPath(spec, jobName);
    return inputs(spec).stream()
        .filter(input -> input.claimName().equals(written(spec)))
        .filter(input -> nested(output, input.path()) || nested(input.path(), output))
        .findFirst();
  }

  /** Whether {@code inner} is {@code outer} or lies under it; a null path is the claim's root. */
  private static boolean nested(String inner, String outer) {
    return outer == null || (inner != null && (inner + "/").startsWith(outer + "/"));
  }

  private static List<PvcSource> inputs(UnlearningJobSpec spec) {
    List<PvcSource> inputs = new ArrayList<>();
    inputs.add(spec.model().pvc());
    for (DataSource source : TrainerJobModel.dataInputs(spec).values()) {
      if (source.pvc() != null) {
        inputs.add(source.pvc());
      }
    }
    return inputs;
  }
}
