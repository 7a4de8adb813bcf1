package dev.lethe.operator.reconciler;

import dev.lethe.api.v1alpha1.UnlearningJob;
import dev.lethe.operator.model.TrainerConfigMapModel;
import dev.lethe.operator.model.TrainerJobModel;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;

/**
 * The ConfigMap with the trainer config. Created once and never updated: a retried pod must read
 * the config its checkpoints were made with. Owned by the UnlearningJob, so deleting the job
 * deletes it.
 */
@KubernetesDependent(informer = @Informer(labelSelector = TrainerJobModel.MANAGED_SELECTOR))
public class TrainerConfigDependent extends KubernetesDependentResource<ConfigMap, UnlearningJob>
    implements Creator<ConfigMap, UnlearningJob>, GarbageCollected<UnlearningJob> {

  public TrainerConfigDependent() {
    super(ConfigMap.class);
  }

  @Override
  protected ConfigMap desired(UnlearningJob job, Context<UnlearningJob> context) {
    return TrainerConfigMapModel.desired(TrainerJobDependent.effective(context));
  }
}
