package dev.lethe.operator.reconciler;

import dev.lethe.api.v1alpha1.Conditions;
import dev.lethe.api.v1alpha1.UnlearningJob;
import dev.lethe.api.v1alpha1.UnlearningJobStatus;
import dev.lethe.operator.metrics.JobMetrics;
import dev.lethe.operator.status.JobLifecycle;
import dev.lethe.operator.status.JobState;
import dev.lethe.operator.status.JobStatusModel;
import dev.lethe.operator.status.OneLine;
import dev.lethe.operator.status.ProgressReading;
import dev.lethe.operator.status.Reasons;
import dev.lethe.operator.status.StartDeadline;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.javaoperatorsdk.operator.processing.retry.Retry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each UnlearningJob as one trainer Job (docs/architecture.md#how-one-job-flows). The workflow
 * of dependents (the config, then the Job) is invoked explicitly, and only for a job that has not
 * finished and whose inputs exist: terminal is terminal, and a job waiting for its data creates
 * nothing.
 */
@ControllerConfiguration(name = UnlearningJobReconciler.NAME)
@Workflow(
    explicitInvocation = true,
    dependents = {
      @Dependent(name = "config", type = TrainerConfigDependent.class),
      @Dependent(name = "serviceaccount", type = TrainerServiceAccountDependent.class),
      @Dependent(
          name = "job",
          type = TrainerJobDependent.class,
          dependsOn = {"config", "serviceaccount"})
    })
public class UnlearningJobReconciler implements Reconciler<UnlearningJob> {
  public static final String NAME = "unlearningjob";
  private static final Logger LOG = LoggerFactory.getLogger(UnlearningJobReconciler.class);

  private final String defaultImage;
  private final Duration pollInterval;
  private final StartDeadline startDeadline;
  private final JobMetrics metrics;
  private final Clock clock;
  private final String instance;
  private InformerEventSource<Pod, UnlearningJob> pods;
  private GoverningPolicies policies;
  private MissingInputs inputs;
  private JobEvents events;

  /**
   * Set before the SDK stops: it stops the informers while reconciles may still run, and those
   * would read empty caches and write a status that goes backwards.
   */
  private volatile boolean stopping;

  /**
   * @param defaultImage the trainer image for jobs that do not name one
   * @param pollInterval how often a running trainer's progress is read
   * @param startDeadline how long a trainer pod may hold its node without starting
   * @param instance who reports Events (the operator pod's name)
   */
  public UnlearningJobReconciler(
      String defaultImage,
      Duration pollInterval,
      StartDeadline startDeadline,
      JobMetrics metrics,
      Clock clock,
      String instance) {
    this.defaultImage = defaultImage;
    this.pollInterval = pollInterval;
    this.startDeadline = startDeadline;
    this.metrics = metrics;
    this.clock = clock;
    this.instance = instance;
  }

  @Override
  public List<EventSource<?, UnlearningJob>> prepareEventSources(
      EventSourceContext<UnlearningJob> context) {
    metrics.countActiveFrom(() -> context.getPrimaryCache().list());
    events = new JobEvents(context.getClient(), clock, instance);
    pods = TrainerPods.eventSource(context);
    policies = GoverningPolicies.watch(context);
    inputs = MissingInputs.watch(context);
    List<EventSource<?, UnlearningJob>> sources = new ArrayList<>();
    sources.add(pods);
    sources.add(PodCreationFailures.eventSource(context));
    sources.addAll(policies.eventSources());
    sources.addAll(inputs.eventSources());
    sources.add(TrainerProgress.eventSource(context, pods, pollInterval, clock));
    return sources;
  }

  /**
   * How a reconcile that threw is retried: 2 s after the first failure, then 1.5 times later each
   * time, at most a minute apart, and without end. A quota or an admission policy may refuse the
   * trainer Job for hours, and nothing the operator watches says when that ends; the SDK's default
   * gave up after 5 attempts (about 16 s), and the job stayed {@code Creating} until something else
   * about it changed.
   */
  public static Retry retry() {
    return GenericRetry.defaultLimitedExponentialRetry()
        .withoutMaxAttempts()
        .setMaxInterval(Duration.ofMinutes(1).toMillis());
  }

  /** Makes every reconcile from now on change nothing: the operator is shutting down. */
  public void stopping() {
    stopping = true;
  }

  @Override
  public UpdateControl<UnlearningJob> reconcile(UnlearningJob job, Context<UnlearningJob> context) {
    if (stopping) {
      return UpdateControl.noUpdate();
    }
    if (job.getSpec() == null) {
      return noSpec(job);
    }
    metrics.seen(job);
    if (JobLifecycle.finished(job)) {
      return afterTheEnd(job, context);
    }
    Optional<Job> trainer = context.getSecondaryResource(Job.class);
    StartCheck check =
        trainer.isPresent()
            ? StartCheck.started(job)
            : StartCheck.of(job, policies, inputs, defaultImage);
    if (check.mayStart() && !stopping) {
      var workflow = context.managedWorkflowAndDependentResourceContext();
      workflow.put(TrainerJobDependent.DEFAULT_IMAGE, defaultImage);
      workflow.put(TrainerJobDependent.EFFECTIVE_JOB, check.effective());
      workflow.reconcileManagedWorkflow();
      trainer = context.getSecondaryResource(Job.class);
    }
    Pod pod = TrainerPods.latest(context.getSecondaryResources(Pod.class)).orElse(null);
    Instant now = clock.instant();
    JobState state =
        check.mayStart() ? observe(trainer.orElse(null), pod, context, now) : check.blocked();
    ProgressReading reading = context.getSecondaryResource(ProgressReading.class).orElse(null);
    UnlearningJobStatus status =
        JobStatusModel.of(job, state, trainer.orElse(null), reading, check.policy(), now);
    if (stopping) {
      return UpdateControl.noUpdate();
    }
    tell(job, status, state);

    // A status that says nothing new is not written: a restarted operator, or a job polled while
    // it waits, would otherwise patch every job on every look.
    UpdateControl<UnlearningJob> control =
        status.equals(job.getStatus())
            ? UpdateControl.noUpdate()
            : UpdateControl.patchStatus(withStatus(job, status));
    // A job that waits (for its inputs, for the policies) is looked at again when the informers
    // see an input, a namespace or a policy change.
    if (state.finished() && trainer.filter(t -> !JobLifecycle.ended(t)).isPresent()) {
      // Failed while its trainer still holds a node: once the status says so, stop the trainer.
      control.rescheduleAfter(Duration.ZERO);
    } else if (state.finished()) {
      JobLifecycle.expiresAt(job.getSpec(), status)
          .map(at -> Duration.between(now, at))
          .ifPresent(left -> control.rescheduleAfter(left.isNegative() ? Duration.ZERO : left));
    } else {
      startDeadline.left(state, pod, now).ifPresent(control::rescheduleAfter);
    }
    return control;
  }

  /** Where a job whose trainer may run stands, from its Job, its latest pod and the clock. */
  private JobState observe(Job trainer, Pod pod, Context<UnlearningJob> context, Instant now) {
    JobState state = startDeadline.judge(JobState.of(null, trainer, pod), pod, now);
    if (trainer == null || pod != null) {
      return state;
    }
    return PodCreationFailures.latest(context.getSecondaryResources(Event.class), trainer)
        .map(state::withPodsRefused)
        .orElse(state);
  }

  /**
   * A job stored without a spec (the API refuses one now; older objects may have none): it cannot
   * run, and nothing else of it is read.
   */
  private UpdateControl<UnlearningJob> noSpec(UnlearningJob job) {
    if (JobLifecycle.finished(job)) {
      return UpdateControl.noUpdate();
    }
    JobState state = JobState.invalidSpec("the job has no spec: delete it and create it again");
    LOG.info("{}: {}", id(job), state.message());
    return UpdateControl.patchStatus(
        withStatus(job, JobStatusModel.of(job, state, null, null, null, clock.instant())));
  }

  /**
   * A finished job is only kept current and, when its time-to-live is over, deleted. A trainer Job
   * that still runs then (the job failed because its pod could not start) is stopped, so that it
   * gives back its node.
   */
  private UpdateControl<UnlearningJob> afterTheEnd(
      UnlearningJob job, Context<UnlearningJob> context) {
    context
        .getSecondaryResource(Job.class)
        .filter(trainer -> !JobLifecycle.ended(trainer))
        .ifPresent(
            trainer -> {
              LOG.info(
                  "{}: the job failed, stopping its trainer Job {}",
                  id(job),
                  trainer.getMetadata().getName());
              context
                  .getClient()
                  .resource(trainer)
                  .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                  .delete();
            });
    Optional<Instant> expiresAt = JobLifecycle.expiresAt(job);
    Instant now = clock.instant();
    if (expiresAt.isPresent() && !now.isBefore(expiresAt.get())) {
      LOG.info("{}: ttlSecondsAfterFinished elapsed, deleting the job", id(job));
      events.normal(job, Reasons.EXPIRED, "ttlSecondsAfterFinished elapsed: deleting the job");
      context.getClient().resource(job).delete();
      return UpdateControl.noUpdate();
    }
    UpdateControl<UnlearningJob> control =
        Objects.equals(job.getStatus().observedGeneration(), job.getMetadata().getGeneration())
            ? UpdateControl.noUpdate()
            : UpdateControl.patchStatus(withStatus(job, JobStatusModel.observed(job)));
    expiresAt.ifPresent(at -> control.rescheduleAfter(Duration.between(now, at)));
    return control;
  }

  /** Events, logs and metrics for what changed since the status last written. */
  private void tell(UnlearningJob job, UnlearningJobStatus status, JobState state) {
    Condition accepted = JobLifecycle.condition(status, Conditions.ACCEPTED).orElseThrow();
    boolean acceptedChanged =
        !"Unknown".equals(accepted.getStatus())
            && !JobLifecycle.condition(job.getStatus(), Conditions.ACCEPTED)
                .map(Condition::getReason)
                .equals(Optional.of(accepted.getReason()));
    // A job can fail for the reason it waited for (an image that never came): that is news too.
    boolean stateChanged =
        !JobLifecycle.state(job).equals(Optional.of(state.reason()))
            || state.finished() != JobLifecycle.finished(job);
    if (acceptedChanged) {
      LOG.info("{}: {}: {}", id(job), accepted.getReason(), accepted.getMessage());
      if ("True".equals(accepted.getStatus())) {
        events.normal(job, accepted.getReason(), "created the trainer Job " + status.jobName());
      } else {
        events.warning(job, accepted.getReason(), accepted.getMessage());
      }
    }
    // Just created, the Job's pod is still to come: JobCreated says all that Pending would.
    boolean saidByAccepted =
        acceptedChanged
            && (accepted.getReason().equals(state.reason())
                || state.reason().equals(Reasons.PENDING));
    if (stateChanged && !saidByAccepted) {
      LOG.info("{}: {}: {}", id(job), state.reason(), state.message());
      if (state.troubled()) {
        events.warning(job, state.reason(), state.message());
      } else {
        events.normal(job, state.reason(), state.message());
      }
    }
    if (stateChanged && state.finished()) {
      metrics.finished(job, state.reason(), state.succeeded(), duration(job, status));
    }
  }

  private static Duration duration(UnlearningJob job, UnlearningJobStatus status) {
    String start =
        status.startTime() != null ? status.startTime() : job.getMetadata().getCreationTimestamp();
    return Duration.between(Instant.parse(start), Instant.parse(status.completionTime()));
  }

  @Override
  public ErrorStatusUpdateControl<UnlearningJob> updateErrorStatus(
      UnlearningJob job, Context<UnlearningJob> context, Exception e) {
    metrics.reconcileFailed();
    LOG.warn("{}: reconcile failed, will retry", id(job), e);
    if (JobLifecycle.finished(job) || context.getSecondaryResource(Job.class).isPresent()) {
      return ErrorStatusUpdateControl.defaultErrorProcessing();
    }
    // Kubeflow's users saw no condition at all when creating a child failed: say why here, in the
    // cause's own words (the API server's, for a quota or an admission policy), and in an Event.
    String message = "cannot create the trainer Job, retrying: " + Causes.of(e);
    JobState state = JobState.of(null, null, null).withMessage(message);
    boolean said =
        JobLifecycle.condition(job.getStatus(), Conditions.ACCEPTED)
            .map(c -> OneLine.of(message, OneLine.MAX_MESSAGE).equals(c.getMessage()))
            .orElse(false);
    if (!said) {
      events.warning(job, Reasons.CREATING, message);
    }
    return ErrorStatusUpdateControl.patchStatus(
        withStatus(job, JobStatusModel.of(job, state, null, null, null, clock.instant())));
  }

  /** A fresh object with only what a server-side-applied status patch should say. */
  private static UnlearningJob withStatus(UnlearningJob job, UnlearningJobStatus status) {
    UnlearningJob patch = new UnlearningJob();
    patch.setMetadata(
        new ObjectMetaBuilder()
            .withName(job.getMetadata().getName())
            .withNamespace(job.getMetadata().getNamespace())
            .build());
    patch.setStatus(status);
    return patch;
  }

  static String id(UnlearningJob job) {
    return job.getMetadata().getNamespace() + "/" + job.getMetadata().getName();
  }
}
