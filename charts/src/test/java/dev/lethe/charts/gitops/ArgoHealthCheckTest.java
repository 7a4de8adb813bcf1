package dev.lethe.charts.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lethe.charts.gitops.ArgoHealthCheck.Health;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Argo CD health check in examples/gitops/argocd, run with luaj on UnlearningJobs whose status
 * is written the way the operator writes it: all five conditions, each with the job's reason.
 */
class ArgoHealthCheckTest {
  private static final String SCRIPT = "argocd/health-unlearningjob.lua";
  private static final String CONFIG_MAP_KEY =
      "resource.customizations.health.lethe.dev_UnlearningJob";

  private static ArgoHealthCheck healthCheck;

  @BeforeAll
  static void loadScript() throws IOException {
    healthCheck = ArgoHealthCheck.load(GitOpsFiles.gitops(SCRIPT));
  }

  @Test
  void aJobWithoutStatusIsProgressing() {
    Health health = healthCheck.assess(job(1));

    assertThat(health)
        .isEqualTo(
            new Health("Progressing", "Waiting for the Lethe operator to report on this job"));
  }

  @Test
  void aStatusOfAnOlderGenerationIsProgressingWhateverItsConditionsSay() {
    ObjectNode job = job(3);
    job.set("status", status(2, "True", "Completed", "adapter written, gates passed"));

    Health health = healthCheck.assess(job);

    assertThat(health)
        .isEqualTo(
            new Health(
                "Progressing",
                "Waiting for the Lethe operator to observe generation 3"
                    + " (the status describes generation 2)"));
  }

  @Test
  void aPendingJobIsProgressingWithItsReasonAndMessage() {
    ObjectNode job = job(1);
    job.set("status", status(1, "Unknown", "Pending", "waiting for the trainer pod to start"));

    Health health = healthCheck.assess(job);

    assertThat(health)
        .isEqualTo(new Health("Progressing", "Pending: waiting for the trainer pod to start"));
  }

  @Test
  void aRunningJobShowsItsProgressPercentAndStage() {
    ObjectNode job = job(1);
    ObjectNode status = status(1, "Unknown", "Running", "the trainer is running");
    status.putObject("progress").put("percent", 40).put("stage", "unlearn").put("step", 48);
    job.set("status", status);

    Health health = healthCheck.assess(job);

    assertThat(health)
        .isEqualTo(new Health("Progressing", "Running: the trainer is running (40%, unlearn)"));
  }

  @Test
  void aJobWaitingForItsInputsIsProgressingAndSaysWhatIsMissing() {
    ObjectNode job = job(1);
    String missing = "ConfigMap erase-request-17 does not exist; the job starts when it does";
    job.set("status", status(1, "Unknown", "MissingInput", missing));

    Health health = healthCheck.assess(job);

    assertThat(health).isEqualTo(new Health("Progressing", "MissingInput: " + missing));
  }

  @Test
  void aSuspendedJobIsSuspended() {
    ObjectNode job = job(2);
    job.set("status", status(2, "Unknown", "Suspended", "the Job is suspended"));

    Health health = healthCheck.assess(job);

    assertThat(health).isEqualTo(new Health("Suspended", "Suspended: the Job is suspended"));
  }

  @Test
  void aCompletedJobIsHealthy() {
    ObjectNode job = job(1);
    job.set("status", status(1, "True", "Completed", "adapter written, gates passed"));

    Health health = healthCheck.assess(job);

    assertThat(health).isEqualTo(new Health("Healthy", "Completed: adapter written, gates passed"));
  }

  @Test
  void aJobThatDivergedIsDegradedWithItsReasonAndMessage() {
    ObjectNode job = job(1);
    String diverged = "training diverged (NaN or infinite loss) at step 212";
    job.set("status", status(1, "False", "TrainingDiverged", diverged));

    Health health = healthCheck.assess(job);

    assertThat(health).isEqualTo(new Health("Degraded", "TrainingDiverged: " + diverged));
  }

  @Test
  void theArgoCdConfigMapPatchInstallsTheSameScript() throws IOException {
    JsonNode patch = GitOpsFiles.readYaml(GitOpsFiles.gitops("argocd/argocd-cm-patch.yaml"));

    assertThat(patch.at("/metadata/name").asText()).isEqualTo("argocd-cm");
    assertThat(patch.path("data").path(CONFIG_MAP_KEY).asText())
        .as("argocd-cm-patch.yaml's copy of %s (copy the file in, indented by four spaces)", SCRIPT)
        .isEqualTo(Files.readString(GitOpsFiles.gitops(SCRIPT)));
  }

  /** An UnlearningJob at this generation, without status, as the API server returns it. */
  private static ObjectNode job(long generation) {
    ObjectNode job = GitOpsFiles.JSON.createObjectNode();
    job.put("apiVersion", "lethe.dev/v1alpha1").put("kind", "UnlearningJob");
    job.putObject("metadata")
        .put("name", "forget-author-17")
        .put("namespace", "team-nlp")
        .put("generation", generation);
    job.putObject("spec").putObject("method").put("name", "SimNPO");
    return job;
  }

  /**
   * A status as the operator writes it: Accepted, Suspended, Running, Succeeded and Failed, each
   * with the job's reason and message. Succeeded comes fourth, so a script that read the first
   * condition, or any but Succeeded, would get these cases wrong.
   */
  private static ObjectNode status(
      long observedGeneration, String succeeded, String reason, String message) {
    ObjectNode status = GitOpsFiles.JSON.createObjectNode();
    status.put("observedGeneration", observedGeneration);
    ArrayNode conditions = status.putArray("conditions");
    boolean refused = reason.equals("MissingInput") || reason.equals("InvalidSpec");
    condition(conditions, "Accepted", refused ? "False" : "True", refused ? reason : "JobCreated");
    condition(conditions, "Suspended", bool(reason.equals("Suspended")), reason);
    condition(conditions, "Running", bool(reason.equals("Running")), reason);
    condition(conditions, "Succeeded", succeeded, reason);
    condition(conditions, "Failed", bool(succeeded.equals("False")), reason);
    conditions.forEach(c -> ((ObjectNode) c).put("message", message));
    return status;
  }

  private static void condition(ArrayNode conditions, String type, String status, String reason) {
    conditions
        .addObject()
        .put("type", type)
        .put("status", status)
        .put("reason", reason)
        .put("lastTransitionTime", "2026-01-05T10:00:00Z");
  }

  private static String bool(boolean value) {
    return value ? "True" : "False";
  }
}
