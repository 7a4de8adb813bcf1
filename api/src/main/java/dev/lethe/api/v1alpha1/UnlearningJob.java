package dev.lethe.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A request to make a model forget: train a LoRA adapter with an unlearning method so that the
 * model forgets the forget set and keeps what the retain set measures.
 *
 * <p>Printer columns filter conditions by type (never {@code conditions[-1:]}, which shows the
 * last-written condition rather than the job's state).
 */
@Group(UnlearningJob.GROUP)
@Version(UnlearningJob.VERSION)
@ShortNames("uj")
@Categories("lethe")
@ValidationRule(
    value = "has(self.spec)",
    message =
        "spec is required and cannot be removed: it says what to unlearn and how (model, data,"
            + " method, output)",
    fieldPath = ".spec",
    reason = "FieldValueRequired")
@ValidationRule(
    value = "size(self.metadata.name) <= " + Names.MAX_JOB_NAME,
    message =
        "metadata.name must be at most "
            + Names.MAX_JOB_NAME
            + " characters: the trainer Job is named <name>"
            + Names.TRAINER_JOB_SUFFIX
            + " and Job names are limited to "
            + Names.MAX_LABEL_VALUE)
@AdditionalPrinterColumn(
    name = "Status",
    jsonPath = ".status.conditions[?(@.type==\"" + Conditions.SUCCEEDED + "\")].reason",
    type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "Pending, Suspended, Running, Completed, or why the job failed")
@AdditionalPrinterColumn(
    name = "Method",
    jsonPath = ".spec.method.name",
    type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "The unlearning method")
@AdditionalPrinterColumn(
    name = "Progress",
    jsonPath = ".status.progress.percent",
    type = AdditionalPrinterColumn.Type.INTEGER,
    getDescription = "Training steps done, in percent")
@AdditionalPrinterColumn(
    name = "ETA",
    jsonPath = ".status.progress.etaSeconds",
    type = AdditionalPrinterColumn.Type.INTEGER,
    priority = 1,
    getDescription = "Estimated seconds until training ends")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Message",
    jsonPath = ".status.conditions[?(@.type==\"" + Conditions.SUCCEEDED + "\")].message",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1,
    getDescription = "Why the job is in its state")
public class UnlearningJob extends CustomResource<UnlearningJobSpec, UnlearningJobStatus>
    implements Namespaced {
  private static final long serialVersionUID = 1L;

  public static final String GROUP = "lethe.dev";
  public static final String VERSION = "v1alpha1";
}
