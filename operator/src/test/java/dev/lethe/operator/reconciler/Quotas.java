package dev.lethe.operator.reconciler;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ResourceQuotaStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** ResourceQuotas for the tests of what the operator does when the API server refuses a Job. */
public final class Quotas {
  private Quotas() {}

  /**
   * A quota of no Jobs in the namespace, with the status the quota controller (not running in these
   * tests) would write: the API server's quota admission then refuses every Job.
   */
  public static ResourceQuota noJobs(KubernetesClient client, String ns) {
    ResourceQuota quota =
        client
            .resourceQuotas()
            .inNamespace(ns)
            .resource(
                new ResourceQuotaBuilder()
                    .withNewMetadata()
                    .withName("no-jobs")
                    .endMetadata()
                    .withNewSpec()
                    .addToHard("count/jobs.batch", new Quantity("0"))
                    .endSpec()
                    .build())
            .create();
    quota.setStatus(
        new ResourceQuotaStatusBuilder()
            .addToHard("count/jobs.batch", new Quantity("0"))
            .addToUsed("count/jobs.batch", new Quantity("0"))
            .build());
    return client.resource(quota).updateStatus();
  }
}
