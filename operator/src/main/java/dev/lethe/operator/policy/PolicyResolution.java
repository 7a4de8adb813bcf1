package dev.lethe.operator.policy;

import dev.lethe.api.v1alpha1.JobPolicy;
import dev.lethe.api.v1alpha1.UnlearningJob;
import java.util.List;

/**
 * A job as the policies governing its namespace make it run.
 *
 * @param effective the job with every policy default filled in: what the trainer Job and its config
 *     are rendered from (the user's own object is never changed)
 * @param policy what goes into {@code status.policy}
 * @param violations each broken guardrail, naming its policy; empty if the job may run
 */
public record PolicyResolution(UnlearningJob effective, JobPolicy policy, List<String> violations) {

  public boolean allowed() {
    return violations.isEmpty();
  }
}
