package dev.lethe.api.v1alpha1;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The UnlearningJob CRD as checked in under {@code crds/}, and installing it. */
public final class UnlearningJobCrd {
  /** The checked-in CRD, relative to the repository root ({@code make crds} writes it). */
  public static final String FILE = "crds/unlearningjobs.lethe.dev-v1.yml";

  /** The UnlearningPolicy CRD, beside it. */
  public static final String POLICY_FILE = "crds/unlearningpolicies.lethe.dev-v1.yml";

  private UnlearningJobCrd() {}

  /**
   * Creates the CRD from {@code file} and returns once the API server serves the resource (the CRD
   * is Established), so that the next request may use it.
   */
  public static CustomResourceDefinition install(KubernetesClient client, Path file) {
    var crds = client.apiextensions().v1().customResourceDefinitions();
    CustomResourceDefinition crd = crds.load(file.toFile()).create();
    return crds.withName(crd.getMetadata().getName())
        .waitUntilCondition(
            c ->
                c.getStatus() != null
                    && c.getStatus().getConditions() != null
                    && c.getStatus().getConditions().stream()
                        .anyMatch(
                            cond ->
                                "Established".equals(cond.getType())
                                    && "True".equals(cond.getStatus())),
            30,
            TimeUnit.SECONDS);
  }
}
