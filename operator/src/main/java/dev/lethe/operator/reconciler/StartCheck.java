package dev.lethe.operator.reconciler;

import dev.lethe.api.v1alpha1.JobPolicy;
import dev.lethe.api.v1alpha1.PvcSource;
import dev.lethe.api.v1alpha1.UnlearningJob;
import dev.lethe.contract.InvalidConfigException;
import dev.lethe.operator.model.Claims;
import dev.lethe.operator.model.TrainerConfigModel;
import dev.lethe.operator.policy.PolicyResolution;
import dev.lethe.operator.status.JobState;
import java.util.Objects;
import java.util.Optional;

/**
 * What is looked at before a job's trainer Job is created, in order: the policies of its namespace
 * as they are now, its inputs, and whether a trainer config can be made from it. Once the trainer
 * Job exists, none of it is looked at again: the Job is the record of what runs.
 *
 * @param effective the job as it runs (policy defaults filled in); the job itself once started
 * @param policy what goes into status.policy; null when the policies were not looked at
 * @param blocked why the job cannot start (PolicyViolation, MissingInput, InvalidSpec); null if it
 *     may
 */
record StartCheck(UnlearningJob effective, JobPolicy policy, JobState blocked) {

  /** A job whose trainer Job exists. */
  static StartCheck started(UnlearningJob job) {
    return new StartCheck(job, null, null);
  }

  static StartCheck of(
      UnlearningJob job, GoverningPolicies policies, MissingInputs inputs, String image) {
    PolicyResolution resolution = policies.resolve(job, image);
    UnlearningJob effective = resolution.effective();
    JobState blocked =
        !resolution.allowed()
            ? JobState.policyViolation(resolution.violations())
            : inputs
                .find(job)
                .map(missing -> JobState.of(missing, null, null))
                .or(() -> invalidSpec(effective).map(JobState::invalidSpec))
                .orElse(null);
    return new StartCheck(effective, resolution.policy(), blocked);
  }

  boolean mayStart() {
    return blocked == null;
  }

  /**
   * A spec the API server accepted (perhaps before its rules were as strict as now) that cannot
   * run: its output would overlap an input, or no trainer config can be made from it.
   */
  private static Optional<String> invalidSpec(UnlearningJob job) {
    Optional<PvcSource> overlap =
        Claims.overlappingOutput(job.getSpec(), job.getMetadata().getName());
    if (overlap.isPresent()) {
      return Optional.of(
          "the output directory overlaps the input at "
              + overlap.get().claimName()
              + "/"
              + Objects.requireNonNullElse(overlap.get().path(), "")
              + ": the trainer could write over what it reads");
    }
    try {
      TrainerConfigModel.desired(job);
      return Optional.empty();
    } catch (InvalidConfigException e) {
      return Optional.of("the spec cannot be turned into a trainer config: " + e.getMessage());
    }
  }
}
