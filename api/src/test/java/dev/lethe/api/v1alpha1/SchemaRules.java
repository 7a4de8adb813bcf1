package dev.lethe.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The validation Kubernetes applies to the core types a spec embeds (Fabric8's {@code
 * ResourceRequirements}, {@code Toleration}, {@code Affinity} and {@code Condition}, and a node
 * selector), added to the generated schema because the generator reads no annotations on classes
 * Lethe does not own. A typo there is then refused when the job is applied, not when the operator
 * creates the trainer's batch Job. The rules follow k8s.io/kubernetes pkg/apis/core/validation
 * (ValidateResourceRequirements, validateTolerations, ValidateAffinity) and the schema of
 * metav1.Condition; each method takes the schema of one type, for any CRD that embeds it.
 */
final class SchemaRules {
  private SchemaRules() {}

  /** Resources per map: bounds the cost of the CEL rules that iterate over them. */
  private static final long MAX_RESOURCES = 16;

  /** Bounds the cost of parsing a quantity; the longest real one is far shorter. */
  private static final long MAX_QUANTITY = 64;

  /** A DNS subdomain prefix (253), '/', and a name (63). */
  private static final long MAX_QUALIFIED_NAME = 253 + 1 + 63;

  private static final long MAX_LABEL_VALUE = 63;

  private static final String QUALIFIED_NAME =
      "a qualified name: an optional DNS subdomain and '/', then at most 63 letters, digits, '-',"
          + " '_' or '.', starting and ending with a letter or digit";

  private static final String LABEL_VALUE =
      "empty, or at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or"
          + " digit";

  /** The UnlearningJob CRD with these rules added to its spec and status. */
  static CustomResourceDefinition unlearningJob(CustomResourceDefinition generated) {
    CustomResourceDefinition crd =
        Serialization.unmarshal(Serialization.asJson(generated), CustomResourceDefinition.class);
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
      podFields(property(root, "spec"));
      OutputRules.addTo(root);
      conditions(property(property(root, "status"), "conditions"));
    }
    return crd;
  }

  /** The UnlearningPolicy CRD with the same rules on the pod fields its defaults may fill. */
  static CustomResourceDefinition unlearningPolicy(CustomResourceDefinition generated) {
    CustomResourceDefinition crd =
        Serialization.unmarshal(Serialization.asJson(generated), CustomResourceDefinition.class);
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      JSONSchemaProps spec = property(version.getSchema().getOpenAPIV3Schema(), "spec");
      podFields(property(spec, "defaults"));
      labelSelector(property(spec, "namespaceSelector"));
    }
    return crd;
  }

  /** The trainer pod's fields, as a job's spec or a policy's defaults hold them. */
  private static void podFields(JSONSchemaProps holder) {
    resources(property(holder, "resources"));
    nodeSelector(property(holder, "nodeSelector"));
    toleration(property(holder, "tolerations").getItems().getSchema());
    affinity(property(holder, "affinity"));
  }

  /**
   * A container's {@code resources}: resource names and quantities, requests at most limits and
   * equal to them for what Kubernetes does not overcommit (extended resources such as
   * nvidia.com/gpu, and hugepages). {@code claims} are refused: they would name a pod-level
   * resource claim, and the trainer pod has none.
   */
  static void resources(JSONSchemaProps resources) {
    quantities(resources, "limits");
    quantities(resources, "requests");
    String bothQuantities =
        "isQuantity(string(self.requests[k])) && isQuantity(string(self.limits[k]))";
    String comparison =
        "quantity(string(self.requests[k])).compareTo(quantity(string(self.limits[k])))";
    rule(
        resources,
        ".requests",
        ("!has(self.requests) || !has(self.limits) || self.requests.all(k, !(k in self.limits)"
                + " || !(BOTH) || COMPARISON <= 0)")
            .replace("BOTH", bothQuantities)
            .replace("COMPARISON", comparison),
        "requests must not be above limits: Kubernetes refuses a container that requests more of"
            + " a resource than its limit");
    rule(
        resources,
        ".limits",
        ("!has(self.requests) || self.requests.all(k, !(EXTENDED || k.startsWith('hugepages-'))"
                + " || (has(self.limits) && k in self.limits && (!(BOTH) || COMPARISON == 0)))")
            .replace("EXTENDED", extended("k"))
            .replace("BOTH", bothQuantities)
            .replace("COMPARISON", comparison),
        "limits must equal requests for extended resources such as nvidia.com/gpu and for"
            + " hugepages: Kubernetes does not overcommit them (set limits alone, requests follow)");
    rule(
        resources,
        ".claims",
        "!has(self.claims) || size(self.claims) == 0",
        "claims are not supported: the trainer pod declares no resource claims for them to name");
  }

  /**
   * {@code limits} or {@code requests}: standard or domain-qualified names, quantities of at least
   * 0, whole numbers of extended resources. A quantity must be a string or an integer: the API
   * server refuses a fraction (0.5) before any rule, and a float that YAML reads from 2e9 in the
   * rule below, with its own words and this rule's message; quoting either fixes it.
   */
  private static void quantities(JSONSchemaProps resources, String map) {
    JSONSchemaProps quantities = property(resources, map);
    quantities.setMaxProperties(MAX_RESOURCES);
    JSONSchemaProps quantity = quantities.getAdditionalProperties().getSchema();
    quantity.setMaxLength(MAX_QUANTITY);
    rule(
        quantity,
        null,
        "isQuantity(string(self)) && quantity(string(self)).compareTo(quantity('0')) >= 0",
        "must be a quantity: a number of at least 0 with an optional suffix (m, k, M, G, T, Ki,"
            + " Mi, Gi, Ti), no spaces, e.g. 500m, 16Gi or 1");
    String name =
        ("(k.matches('PATTERN') && k.indexOf('/') <= 253 && (k.contains('/')"
                + " || k in ['cpu', 'memory', 'ephemeral-storage'] || k.startsWith('hugepages-')))")
            .replace("PATTERN", Patterns.QUALIFIED_NAME);
    rule(
        resources,
        "." + map,
        "!has(self.MAP) || self.MAP.all(k, NAME)".replace("MAP", map).replace("NAME", name),
        map
            + " must name cpu, memory, ephemeral-storage, hugepages-<size> or extended resources"
            + " with a domain, e.g. nvidia.com/gpu",
        cel(map + ".")
            + (" + self.MAP.filter(k, !NAME)[0] + ").replace("MAP", map).replace("NAME", name)
            + cel(
                " is not a resource: use cpu, memory, ephemeral-storage, hugepages-<size> or an"
                    + " extended resource with a domain, e.g. nvidia.com/gpu"));
    rule(
        resources,
        "." + map,
        ("!has(self.MAP) || self.MAP.all(k, !EXTENDED || !isQuantity(string(self.MAP[k]))"
                + " || quantity(string(self.MAP[k])).isInteger())")
            .replace("MAP", map)
            .replace("EXTENDED", extended("k")),
        map + " of extended resources such as nvidia.com/gpu must be whole numbers");
  }

  /** A resource Kubernetes calls extended: a domain-qualified name outside kubernetes.io. */
  private static String extended(String name) {
    return String.format("(%1$s.contains('/') && !%1$s.contains('kubernetes.io/'))", name);
  }

  /** A node selector: label keys to label values. The message names the first bad entry. */
  static void nodeSelector(JSONSchemaProps selector) {
    selector.getAdditionalProperties().getSchema().setMaxLength(MAX_LABEL_VALUE);
    String key =
        "(k.matches('PATTERN') && k.indexOf('/') <= 253)"
            .replace("PATTERN", Patterns.QUALIFIED_NAME);
    rule(
        selector,
        null,
        "self.all(k, " + key + ")",
        "keys must be label keys: " + QUALIFIED_NAME,
        cel("key ")
            + " + self.filter(k, !"
            + key
            + ")[0] + "
            + cel(" is not a label key: use " + QUALIFIED_NAME));
    String value = "self[k].matches('" + Patterns.LABEL_VALUE + "')";
    rule(
        selector,
        null,
        "self.all(k, " + value + ")",
        "values must be label values: " + LABEL_VALUE,
        cel("the value of ")
            + " + self.filter(k, !"
            + value
            + ")[0] + "
            + cel(" is not a label value: " + LABEL_VALUE));
  }

  /** One toleration, checked as validateTolerations checks a pod's. */
  static void toleration(JSONSchemaProps toleration) {
    property(toleration, "key").setMaxLength(MAX_QUALIFIED_NAME);
    property(toleration, "value").setMaxLength(MAX_LABEL_VALUE);
    oneOf(property(toleration, "operator"), "Exists", "Equal");
    oneOf(property(toleration, "effect"), "NoSchedule", "PreferNoSchedule", "NoExecute");
    rule(
        toleration,
        ".key",
        ("!has(self.key) || self.key == '' || (self.key.matches('PATTERN')"
                + " && self.key.indexOf('/') <= 253)")
            .replace("PATTERN", Patterns.QUALIFIED_NAME),
        "key must be the taint's key, " + QUALIFIED_NAME);
    rule(
        toleration,
        ".value",
        "!has(self.value) || self.value.matches('" + Patterns.LABEL_VALUE + "')",
        "value must be a label value: " + LABEL_VALUE);
    rule(
        toleration,
        ".operator",
        "(has(self.key) && self.key != '') || (has(self.operator) && self.operator == 'Exists')",
        "operator must be Exists when key is empty: only Exists tolerates every taint");
    rule(
        toleration,
        ".value",
        "!has(self.operator) || self.operator != 'Exists' || !has(self.value) || self.value == ''",
        "value must be empty when operator is Exists");
    rule(
        toleration,
        ".effect",
        "!has(self.tolerationSeconds) || (has(self.effect) && self.effect == 'NoExecute')",
        "effect must be NoExecute when tolerationSeconds is set: only NoExecute taints evict");
  }

  /**
   * Node and pod affinity: the operators of node selector and label selector requirements, weights
   * from 1 to 100, and a topology key on every pod affinity term.
   */
  static void affinity(JSONSchemaProps affinity) {
    walk(
        affinity,
        schema -> {
          Map<String, JSONSchemaProps> properties = schema.getProperties();
          if (properties.containsKey("matchFields")) { // a NodeSelectorTerm
            for (String requirements : List.of("matchExpressions", "matchFields")) {
              JSONSchemaProps requirement = properties.get(requirements).getItems().getSchema();
              oneOf(
                  property(requirement, "operator"),
                  "In",
                  "NotIn",
                  "Exists",
                  "DoesNotExist",
                  "Gt",
                  "Lt");
              require(requirement, "key", "operator");
            }
          }
          if (properties.containsKey("matchLabels")) {
            labelSelector(schema);
          }
          if (properties.containsKey("weight")) { // a preferred scheduling term
            properties.get("weight").setMinimum(1.0);
            properties.get("weight").setMaximum(100.0);
          }
          if (properties.containsKey("topologyKey")) { // a PodAffinityTerm
            properties.get("topologyKey").setMinLength(1L);
            properties.get("topologyKey").setMaxLength(MAX_QUALIFIED_NAME);
            require(schema, "topologyKey");
          }
        });
  }

  /** A LabelSelector's requirements: the four operators, each with a key. */
  static void labelSelector(JSONSchemaProps selector) {
    JSONSchemaProps requirement = property(selector, "matchExpressions").getItems().getSchema();
    oneOf(property(requirement, "operator"), "In", "NotIn", "Exists", "DoesNotExist");
    require(requirement, "key", "operator");
    rule(
        requirement,
        null,
        "self.operator in ['In', 'NotIn'] ? has(self.values) && size(self.values) > 0 :"
            + " !has(self.values) || size(self.values) == 0",
        "values must be given for In and NotIn, and left out for Exists and DoesNotExist");
  }

  /** Status conditions shaped as metav1.Condition, one per type. */
  static void conditions(JSONSchemaProps conditions) {
    conditions.setXKubernetesListType("map");
    conditions.setXKubernetesListMapKeys(List.of("type"));
    JSONSchemaProps condition = conditions.getItems().getSchema();
    require(condition, "type", "status", "lastTransitionTime", "reason", "message");
    JSONSchemaProps type = property(condition, "type");
    type.setPattern(Patterns.CONDITION_TYPE);
    type.setMaxLength(316L);
    oneOf(property(condition, "status"), "True", "False", "Unknown");
    property(condition, "observedGeneration").setMinimum(0.0);
    property(condition, "lastTransitionTime").setFormat("date-time");
    JSONSchemaProps reason = property(condition, "reason");
    reason.setPattern(Patterns.CONDITION_REASON);
    reason.setMinLength(1L);
    reason.setMaxLength(1024L);
    property(condition, "message").setMaxLength(32768L);
  }

  /** {@code text} as a CEL string literal. */
  private static String cel(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static JSONSchemaProps property(JSONSchemaProps schema, String name) {
    JSONSchemaProps property = schema.getProperties().get(name);
    if (property == null) {
      throw new IllegalStateException("the generated schema has no property " + name);
    }
    return property;
  }

  private static void require(JSONSchemaProps schema, String... names) {
    List<String> required = new ArrayList<>();
    if (schema.getRequired() != null) {
      required.addAll(schema.getRequired());
    }
    Stream.of(names).filter(n -> !required.contains(n)).forEach(required::add);
    schema.setRequired(required);
  }

  private static void oneOf(JSONSchemaProps schema, String... values) {
    schema.setEnum(Stream.of(values).<JsonNode>map(TextNode::valueOf).toList());
  }

  static void rule(JSONSchemaProps schema, String fieldPath, String rule, String message) {
    rule(schema, fieldPath, rule, message, null);
  }

  /** Adds a CEL rule; {@code messageExpression}, when given, is shown instead of the message. */
  private static void rule(
      JSONSchemaProps schema,
      String fieldPath,
      String rule,
      String message,
      String messageExpression) {
    List<ValidationRule> rules = new ArrayList<>();
    if (schema.getXKubernetesValidations() != null) {
      rules.addAll(schema.getXKubernetesValidations());
    }
    ValidationRule added = new ValidationRule();
    added.setRule(rule);
    added.setMessage(message);
    added.setMessageExpression(messageExpression);
    added.setFieldPath(fieldPath);
    rules.add(added);
    schema.setXKubernetesValidations(rules);
  }

  /** Calls {@code visit} on every object schema under {@code schema}, itself included. */
  private static void walk(JSONSchemaProps schema, Consumer<JSONSchemaProps> visit) {
    if (schema.getProperties() != null && !schema.getProperties().isEmpty()) {
      visit.accept(schema);
      schema.getProperties().values().forEach(p -> walk(p, visit));
    }
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      walk(schema.getItems().getSchema(), visit);
    }
  }
}
