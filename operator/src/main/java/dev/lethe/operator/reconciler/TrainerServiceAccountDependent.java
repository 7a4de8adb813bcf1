package dev.lethe.operator.reconciler;

import dev.lethe.api.v1alpha1.UnlearningJob;
import dev.lethe.operator.model.TrainerJobModel;
import dev.lethe.operator.model.TrainerServiceAccountModel;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;

/**
 * The job's own ServiceAccount, without permissions or token, owned by the UnlearningJob. Created
 * for every job, used by its pod unless the job or a policy names another.
 */
@KubernetesDependent(informer = @Informer(labelSelector = TrainerJobModel.MANAGED_SELECTOR))
public class TrainerServiceAccountDependent
    extends KubernetesDependentResource<ServiceAccount, UnlearningJob>
    implements Creator<ServiceAccount, UnlearningJob>, GarbageCollected<UnlearningJob> {

  public TrainerServiceAccountDependent() {
    super(ServiceAccount.class);
  }

  @Override
  protected ServiceAccount desired(UnlearningJob job, Context<UnlearningJob> context) {
    return TrainerServiceAccountModel.desired(job);
  }
}
