package dev.lethe.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * What a platform team allows the UnlearningJobs of some namespaces, kept in git beside everything
 * else: defaults that fill what a job leaves out, and guardrails a job must satisfy.
 * Cluster-scoped: namespace users cannot write it. The chart's ValidatingAdmissionPolicy takes it
 * as its params, and the operator applies it again before it creates a trainer Job (README,
 * "Policies and multi-tenancy").
 */
@Group(UnlearningJob.GROUP)
@Version(UnlearningJob.VERSION)
@ShortNames("ulp")
@Categories("lethe")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class UnlearningPolicy extends CustomResource<UnlearningPolicySpec, Void> {
  private static final long serialVersionUID = 1L;
}
