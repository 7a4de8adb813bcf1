package dev.lethe.operator.reconciler;

import dev.lethe.api.v1alpha1.DataSource;
import dev.lethe.api.v1alpha1.UnlearningJob;
import dev.lethe.api.v1alpha1.UnlearningJobSpec;
import dev.lethe.operator.model.Claims;
import dev.lethe.operator.model.TrainerJobModel;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The claims and ConfigMaps a job reads and writes that do not exist (yet). Checked before the
 * trainer Job is created, so that a typo shows as {@code Accepted=False/MissingInput} naming what
 * is missing, rather than as a pod stuck in ContainerCreating.
 */
final class MissingInputs {
  private MissingInputs() {}

  /** What is missing, e.g. {@code PersistentVolumeClaim models}, comma-separated; empty if none. */
  static Optional<String> find(KubernetesClient client, UnlearningJob job) {
    String namespace = job.getMetadata().getNamespace();
    UnlearningJobSpec spec = job.getSpec();
    Set<String> claims = new LinkedHashSet<>(Claims.read(spec));
    claims.add(Claims.written(spec));
    List<DataSource> configMaps =
        TrainerJobModel.dataInputs(spec).values().stream()
            .filter(source -> source.configMap() != null)
            .toList();

    Set<String> missing = new LinkedHashSet<>();
    for (String claim : claims) {
      if (client.persistentVolumeClaims().inNamespace(namespace).withName(claim).get() == null) {
        missing.add("PersistentVolumeClaim " + claim);
      }
    }
    for (DataSource source : configMaps) {
      String name = source.configMap().name();
      String key = source.configMap().key();
      ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
      if (map == null) {
        missing.add("ConfigMap " + name);
      } else if (!hasKey(map, key)) {
        missing.add("key " + key + " of ConfigMap " + name);
      }
    }
    return missing.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", missing));
  }

  private static boolean hasKey(ConfigMap map, String key) {
    return (map.getData() != null && map.getData().containsKey(key))
        || (map.getBinaryData() != null && map.getBinaryData().containsKey(key));
  }
}
