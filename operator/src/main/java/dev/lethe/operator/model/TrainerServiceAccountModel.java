package dev.lethe.operator.model;

import dev.lethe.api.v1alpha1.Names;
import dev.lethe.api.v1alpha1.UnlearningJob;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;

/**
 * The job's own ServiceAccount, which its trainer pod runs as when neither the job nor a policy
 * names one: no role is bound to it and it mounts no token, so the pod can do nothing on the API
 * server. Pure.
 */
public final class TrainerServiceAccountModel {
  private TrainerServiceAccountModel() {}

  public static ServiceAccount desired(UnlearningJob job) {
    return new ServiceAccountBuilder()
        .withNewMetadata()
        .withName(Names.trainerServiceAccount(job.getMetadata().getName()))
        .withNamespace(job.getMetadata().getNamespace())
        .withLabels(TrainerJobModel.labels(job))
        .withOwnerReferences(TrainerJobModel.controller(job))
        .endMetadata()
        .withAutomountServiceAccountToken(false)
        .build();
  }
}
