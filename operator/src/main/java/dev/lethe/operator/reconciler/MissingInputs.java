package dev.lethe.operator.reconciler;

import dev.lethe.api.v1alpha1.DataSource;
import dev.lethe.api.v1alpha1.UnlearningJob;
import dev.lethe.api.v1alpha1.UnlearningJobSpec;
import dev.lethe.operator.model.Claims;
import dev.lethe.operator.model.TrainerJobModel;
import dev.lethe.operator.status.JobLifecycle;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The claims and ConfigMaps a job reads and writes that do not exist (yet). Checked before the
 * trainer Job is created, so that a typo shows as {@code Accepted=False/MissingInput} naming what
 * is missing, rather than as a pod stuck in ContainerCreating.
 *
 * <p>Read from informers, not with a request per input per job: a backlog of jobs costs no request
 * here. The caches keep each claim's name and each ConfigMap's keys, never its data, and leave out
 * what the operator made (the trainers' own ConfigMaps); a change to an input looks again at the
 * jobs of its namespace that have not started.
 */
final class MissingInputs {
  static final String CLAIMS = "input-claims";
  static final String CONFIG_MAPS = "input-configmaps";

  private final InformerEventSource<PersistentVolumeClaim, UnlearningJob> claims;
  private final InformerEventSource<ConfigMap, UnlearningJob> configMaps;

  private MissingInputs(
      InformerEventSource<PersistentVolumeClaim, UnlearningJob> claims,
      InformerEventSource<ConfigMap, UnlearningJob> configMaps) {
    this.claims = claims;
    this.configMaps = configMaps;
  }

  static MissingInputs watch(EventSourceContext<UnlearningJob> context) {
    return new MissingInputs(
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(PersistentVolumeClaim.class, UnlearningJob.class)
                .withName(CLAIMS)
                .withLabelSelector(TrainerJobModel.NOT_MANAGED_SELECTOR)
                .withItemStore(new SlimStore<>(MissingInputs::nameOnly))
                .withSecondaryToPrimaryMapper(
                    claim -> notStarted(context, claim.getMetadata().getNamespace()))
                .build(),
            context),
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(ConfigMap.class, UnlearningJob.class)
                .withName(CONFIG_MAPS)
                .withLabelSelector(TrainerJobModel.NOT_MANAGED_SELECTOR)
                .withItemStore(new SlimStore<>(MissingInputs::keysOnly))
                .withSecondaryToPrimaryMapper(
                    map -> notStarted(context, map.getMetadata().getNamespace()))
                .build(),
            context));
  }

  List<EventSource<?, UnlearningJob>> eventSources() {
    return List.of(claims, configMaps);
  }

  /** What is missing, e.g. {@code PersistentVolumeClaim models}, comma-separated; empty if none. */
  Optional<String> find(UnlearningJob job) {
    String namespace = job.getMetadata().getNamespace();
    UnlearningJobSpec spec = job.getSpec();
    Set<String> names = new LinkedHashSet<>(Claims.read(spec));
    names.add(Claims.written(spec));
    List<DataSource> sources =
        TrainerJobModel.dataInputs(spec).values().stream()
            .filter(source -> source.configMap() != null)
            .toList();

    Set<String> missing = new LinkedHashSet<>();
    for (String claim : names) {
      if (claims.get(new ResourceID(claim, namespace)).isEmpty()) {
        missing.add("PersistentVolumeClaim " + claim);
      }
    }
    for (DataSource source : sources) {
      String name = source.configMap().name();
      String key = source.configMap().key();
      Optional<ConfigMap> map = configMaps.get(new ResourceID(name, namespace));
      if (map.isEmpty()) {
        missing.add("ConfigMap " + name);
      } else if (!hasKey(map.get(), key)) {
        missing.add("key " + key + " of ConfigMap " + name);
      }
    }
    return missing.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", missing));
  }

  /** The jobs of this namespace whose trainer Job does not exist yet. */
  static Set<ResourceID> notStarted(EventSourceContext<UnlearningJob> context, String namespace) {
    return context
        .getPrimaryCache()
        .list(
            job ->
                namespace.equals(job.getMetadata().getNamespace())
                    && !JobLifecycle.finished(job)
                    && (job.getStatus() == null || job.getStatus().jobName() == null))
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  private static boolean hasKey(ConfigMap map, String key) {
    return (map.getData() != null && map.getData().containsKey(key))
        || (map.getBinaryData() != null && map.getBinaryData().containsKey(key));
  }

  private static PersistentVolumeClaim nameOnly(PersistentVolumeClaim claim) {
    return new PersistentVolumeClaimBuilder()
        .withMetadata(SlimStore.identity(claim.getMetadata()))
        .build();
  }

  private static ConfigMap keysOnly(ConfigMap map) {
    return new ConfigMapBuilder()
        .withMetadata(SlimStore.identity(map.getMetadata()))
        .withData(emptyValues(map.getData()))
        .withBinaryData(emptyValues(map.getBinaryData()))
        .build();
  }

  private static Map<String, String> emptyValues(Map<String, String> values) {
    if (values == null) {
      return null;
    }
    Map<String, String> keys = new LinkedHashMap<>();
    values.keySet().forEach(key -> keys.put(key, ""));
    return keys;
  }
}
