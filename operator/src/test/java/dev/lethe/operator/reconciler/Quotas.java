package dev.lethe.operator.reconciler;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ResourceQuotaStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * ResourceQuotas for the tests of what the operator does when the API server refuses a Job or pod.
 */
public final class Quotas {
  private Quotas() {}

  /**
   * A quota of none of {@code resource} in the namespace (e.g. {@code count/jobs.batch}, {@code
   * pods}), with the status the quota controller (not running in these tests) would write: the API
   * server's quota admission then refuses every one.
   */
  public static ResourceQuota none(KubernetesClient client, String ns, String resource) {
    ResourceQuota quota =
        client
            .resourceQuotas()
            .inNamespace(ns)
            .resource(
                new ResourceQuotaBuilder()
                    .withNewMetadata()
                    .withName("none-" + resource.replaceAll("[^a-z0-9]+", "-"))
                    .endMetadata()
                    .withNewSpec()
                    .addToHard(resource, new Quantity("0"))
                    .endSpec()
                    .build())
            .create();
    quota.setStatus(
        new ResourceQuotaStatusBuilder()
            .addToHard(resource, new Quantity("0"))
            .addToUsed(resource, new Quantity("0"))
            .build());
    return client.resource(quota).updateStatus();
  }
}
