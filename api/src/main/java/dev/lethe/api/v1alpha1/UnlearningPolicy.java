package dev.lethe.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
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
@ValidationRule(
    value = "has(self.spec)",
    message = "spec is required: which namespaces the policy governs, and what it allows there")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class UnlearningPolicy extends CustomResource<UnlearningPolicySpec, Void> {
  private static final long serialVersionUID = 1L;

  /** The name of the policy the chart installs (and local mode creates) unless told not to. */
  public static final String DEFAULT_NAME = "lethe-default";

  /**
   * A policy that governs every namespace and neither fills in nor restricts anything: jobs run as
   * their authors write them, and users who may not create pods may choose nothing (no claim, no
   * image, no identity) until a policy of their own allows it.
   */
  public static UnlearningPolicy governingEveryNamespace(String name) {
    UnlearningPolicy policy = new UnlearningPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withName(name).build());
    policy.setSpec(new UnlearningPolicySpec(new LabelSelector(), null, null));
    return policy;
  }
}
