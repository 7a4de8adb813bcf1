package dev.lethe.operator.reconciler;

import dev.lethe.api.v1alpha1.UnlearningJob;
import dev.lethe.operator.model.TrainerJobModel;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;

/**
 * The batch/v1 Job that runs the trainer, owned by the UnlearningJob. Its pod template is immutable
 * once created, so the only change ever made to it is {@code spec.suspend}.
 */
@KubernetesDependent(informer = @Informer(labelSelector = TrainerJobModel.MANAGED_SELECTOR))
public class TrainerJobDependent extends KubernetesDependentResource<Job, UnlearningJob>
    implements Creator<Job, UnlearningJob>,
        Updater<Job, UnlearningJob>,
        GarbageCollected<UnlearningJob> {

  /** Key under which the reconciler hands the operator's default trainer image to this class. */
  static final String DEFAULT_IMAGE = "lethe.defaultImage";

  /**
   * Key under which the reconciler hands the dependents the job as its policies make it run ({@code
   * PolicyResolution.effective}): what the Job and the config are rendered from.
   */
  static final String EFFECTIVE_JOB = "lethe.effectiveJob";

  public TrainerJobDependent() {
    super(Job.class);
  }

  @Override
  protected Job desired(UnlearningJob job, Context<UnlearningJob> context) {
    String image =
        context
            .managedWorkflowAndDependentResourceContext()
            .getMandatory(DEFAULT_IMAGE, String.class);
    return TrainerJobModel.desired(effective(context), image);
  }

  static UnlearningJob effective(Context<UnlearningJob> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .getMandatory(EFFECTIVE_JOB, UnlearningJob.class);
  }

  @Override
  public Matcher.Result<Job> match(Job actual, UnlearningJob job, Context<UnlearningJob> context) {
    boolean suspended = Boolean.TRUE.equals(actual.getSpec().getSuspend());
    return Matcher.Result.nonComputed(suspended == TrainerJobModel.suspended(job, actual));
  }

  @Override
  public Job update(Job actual, Job desired, UnlearningJob job, Context<UnlearningJob> context) {
    boolean suspend = TrainerJobModel.suspended(job, actual);
    return context
        .getClient()
        .batch()
        .v1()
        .jobs()
        .inNamespace(actual.getMetadata().getNamespace())
        .withName(actual.getMetadata().getName())
        .edit(
            j -> {
              j.getSpec().setSuspend(suspend);
              return j;
            });
  }
}
