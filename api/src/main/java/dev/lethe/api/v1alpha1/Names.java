package dev.lethe.api.v1alpha1;

import java.util.Optional;

/** Names of the objects derived from an UnlearningJob, and the limit they put on its name. */
public final class Names {
  private Names() {}

  static final String TRAINER_JOB_SUFFIX = "-trainer";
  static final String CONFIG_SUFFIX = "-config";

  /**
   * Job names end up in the {@code batch.kubernetes.io/job-name} label of its pods, and labels hold
   * at most 63 characters.
   */
  public static final int MAX_LABEL_VALUE = 63;

  /**
   * The longest UnlearningJob name whose derived names are all valid: 63 minus the length of {@link
   * #TRAINER_JOB_SUFFIX} (a literal, because annotations need a constant; NamesTest checks).
   */
  public static final int MAX_JOB_NAME = 55;

  /** The batch/v1 Job that runs the trainer. */
  public static String trainerJob(String jobName) {
    return jobName + TRAINER_JOB_SUFFIX;
  }

  /** The UnlearningJob whose trainer Job has this name, if the name is one. */
  public static Optional<String> jobOfTrainer(String trainerJobName) {
    return trainerJobName.endsWith(TRAINER_JOB_SUFFIX)
            && trainerJobName.length() > TRAINER_JOB_SUFFIX.length()
        ? Optional.of(
            trainerJobName.substring(0, trainerJobName.length() - TRAINER_JOB_SUFFIX.length()))
        : Optional.empty();
  }

  /**
   * The ServiceAccount the trainer pod runs as when neither the job nor a policy names one: the
   * job's own, with no permissions and no token.
   */
  public static String trainerServiceAccount(String jobName) {
    return jobName + TRAINER_JOB_SUFFIX;
  }

  /** The ConfigMap holding the trainer config. */
  public static String trainerConfig(String jobName) {
    return jobName + CONFIG_SUFFIX;
  }
}
