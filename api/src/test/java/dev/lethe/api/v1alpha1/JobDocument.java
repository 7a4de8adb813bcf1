package dev.lethe.api.v1alpha1;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An UnlearningJob as a user writes it: plain YAML, edited by dotted paths, so that tests send
 * exactly what a person would (the typed classes would drop or add fields).
 */
public final class JobDocument {
  /** The smallest valid job: a SimNPO run that relies on every default. */
  public static final String MINIMAL =
      """
      apiVersion: lethe.dev/v1alpha1
      kind: UnlearningJob
      metadata:
        name: minimal
      spec:
        model:
          pvc: {claimName: models, path: tiny-llama}
        data:
          forget:
            configMap: {name: facts, key: forget.jsonl}
          retain:
            pvc: {claimName: datasets, path: retain.jsonl}
        method:
          name: SimNPO
        output:
          pvc: {claimName: adapters}
      """;

  private final Map<String, Object> root;

  private JobDocument(Map<String, Object> root) {
    this.root = root;
  }

  @SuppressWarnings("unchecked")
  public static JobDocument parse(String yaml) {
    return new JobDocument(Serialization.unmarshal(yaml, LinkedHashMap.class));
  }

  public static JobDocument minimal() {
    return parse(MINIMAL);
  }

  /** Sets the value at a dotted path such as {@code spec.lora.rank}, creating maps on the way. */
  public JobDocument set(String path, Object value) {
    String[] keys = path.split("\\.");
    parentOf(keys).put(keys[keys.length - 1], value);
    return this;
  }

  public JobDocument remove(String path) {
    String[] keys = path.split("\\.");
    parentOf(keys).remove(keys[keys.length - 1]);
    return this;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> parentOf(String[] keys) {
    Map<String, Object> node = root;
    for (int i = 0; i < keys.length - 1; i++) {
      node = (Map<String, Object>) node.computeIfAbsent(keys[i], k -> new LinkedHashMap<>());
    }
    return node;
  }

  public GenericKubernetesResource toResource() {
    return Serialization.unmarshal(Serialization.asJson(root), GenericKubernetesResource.class);
  }

  public static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  public static List<Object> list(Object... values) {
    return List.of(values);
  }

  /** A value written as YAML, e.g. {@code yaml("{limits: {memory: 48Gi}}")}, to {@link #set}. */
  public static Object yaml(String yaml) {
    // Nested under a key: Fabric8 reads text that starts with '{' or '[' as JSON.
    return Serialization.unmarshal("value:\n" + yaml.indent(2), LinkedHashMap.class).get("value");
  }
}
