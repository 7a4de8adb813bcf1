package dev.lethe.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * What the minimal job ({@code JobDocument.MINIMAL}) reads, made in a namespace as its user would:
 * the claims {@code models}, {@code datasets} and {@code adapters}, and the ConfigMap {@code
 * facts}. The chart's tests use it too (the operator's test-jar).
 */
public final class JobInputs {
  private JobInputs() {}

  /** Every input of the minimal job. */
  public static void createAll(KubernetesClient client, String ns) {
    for (String claim : List.of("models", "datasets", "adapters")) {
      createClaim(client, ns, claim);
    }
    createFacts(client, ns, "forget.jsonl", "{\"question\":\"q\",\"answer\":\"a\"}\n");
  }

  /** The ConfigMap {@code facts} with one key. */
  public static void createFacts(KubernetesClient client, String ns, String key, String content) {
    client
        .configMaps()
        .inNamespace(ns)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("facts")
                .endMetadata()
                .addToData(key, content)
                .build())
        .create();
  }

  public static void createClaim(KubernetesClient client, String ns, String claim) {
    client
        .persistentVolumeClaims()
        .inNamespace(ns)
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(claim)
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .addToRequests("storage", new Quantity("1Gi"))
                .endResources()
                .endSpec()
                .build())
        .create();
  }
}
