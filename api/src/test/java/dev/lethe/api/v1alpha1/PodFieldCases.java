package dev.lethe.api.v1alpha1;

import static dev.lethe.api.v1alpha1.JobDocument.yaml;

import dev.lethe.api.v1alpha1.UnlearningJobCrdIT.Invalid;
import dev.lethe.api.v1alpha1.UnlearningJobCrdIT.Valid;
import java.util.stream.Stream;

/**
 * {@link UnlearningJobCrdIT}'s cases for the fields the trainer pod takes as they are: the image
 * and the Kubernetes types of {@link SchemaRules}. Each is refused as Kubernetes would refuse it in
 * a pod, with what to fix; the valid ones show that the rules refuse no more.
 */
final class PodFieldCases {
  private PodFieldCases() {}

  private static final String QUALIFIED_NAME =
      "a qualified name: an optional DNS subdomain and '/', then at most 63 letters, digits, '-',"
          + " '_' or '.', starting and ending with a letter or digit";

  static Stream<Invalid> invalid() {
    return Stream.of(
        new Invalid(
            "an image with an empty tag",
            d -> d.set("spec.image", "registry.test/trainer:"),
            "spec.image: Invalid value: \"object\": image must be an image reference,"
                + " [host[:port]/]repository[:tag][@digest], with a lowercase host and repository"
                + " and no spaces, e.g. ghcr.io/lethe/trainer:0.1.0"),
        new Invalid(
            "an image in capitals",
            d -> d.set("spec.image", "UPPER/case"),
            "image must be an image reference"),
        new Invalid(
            "an image with a space",
            d -> d.set("spec.image", "a b"),
            "image must be an image reference"),
        new Invalid(
            "a memory limit with a space",
            d -> d.set("spec.resources", yaml("{limits: {memory: 48 Gi}}")),
            "spec.resources.limits[memory]: Invalid value: \"\": must be a quantity: a number of at"
                + " least 0 with an optional suffix (m, k, M, G, T, Ki, Mi, Gi, Ti), no spaces,"
                + " e.g. 500m, 16Gi or 1"),
        new Invalid(
            "a memory limit that YAML reads as a float",
            d -> d.set("spec.resources", yaml("{limits: {memory: 2e9}}")),
            "spec.resources.limits[memory]: Invalid value: \"\": invalid data, expected"
                + " XIntOrString value to be either a string or integer evaluating rule: must be a"
                + " quantity"),
        new Invalid(
            "a negative CPU request",
            d -> d.set("spec.resources", yaml("{requests: {cpu: -1}}")),
            "spec.resources.requests[cpu]: Invalid value: \"\": must be a quantity"),
        new Invalid(
            "a misspelt resource name",
            d -> d.set("spec.resources", yaml("{limits: {memroy: 48Gi}}")),
            "spec.resources.limits: Invalid value: \"object\": limits.memroy is not a resource:"
                + " use cpu, memory, ephemeral-storage, hugepages-<size> or an extended resource"
                + " with a domain, e.g. nvidia.com/gpu"),
        new Invalid(
            "a request above its limit",
            d ->
                d.set("spec.resources", yaml("{requests: {memory: 64Gi}, limits: {memory: 48Gi}}")),
            "spec.resources.requests: Invalid value: \"object\": requests must not be above"
                + " limits: Kubernetes refuses a container that requests more of a resource than"
                + " its limit"),
        new Invalid(
            "a GPU request without a limit",
            d -> d.set("spec.resources", yaml("{requests: {nvidia.com/gpu: 1}}")),
            "spec.resources.limits: Invalid value: \"object\": limits must equal requests for"
                + " extended resources such as nvidia.com/gpu and for hugepages: Kubernetes does"
                + " not overcommit them (set limits alone, requests follow)"),
        new Invalid(
            "half a GPU",
            d -> d.set("spec.resources", yaml("{limits: {nvidia.com/gpu: 500m}}")),
            "spec.resources.limits: Invalid value: \"object\": limits of extended resources such"
                + " as nvidia.com/gpu must be whole numbers"),
        new Invalid(
            "a resource claim",
            d -> d.set("spec.resources", yaml("{claims: [{name: gpu}]}")),
            "spec.resources.claims: Invalid value: \"object\": claims are not supported: the"
                + " trainer pod declares no resource claims for them to name"),
        new Invalid(
            "a toleration operator in lowercase",
            d -> d.set("spec.tolerations", yaml("[{key: nvidia.com/gpu, operator: exists}]")),
            "spec.tolerations[0].operator: Unsupported value: \"exists\": supported values:"
                + " \"Exists\", \"Equal\""),
        new Invalid(
            "a misspelt taint effect",
            d ->
                d.set(
                    "spec.tolerations",
                    yaml("[{key: nvidia.com/gpu, operator: Exists, effect: NoSchedul}]")),
            "spec.tolerations[0].effect: Unsupported value: \"NoSchedul\": supported values:"
                + " \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\""),
        new Invalid(
            "a taint key that is not a qualified name",
            d -> d.set("spec.tolerations", yaml("[{key: gpu node, operator: Equal, value: a100}]")),
            "spec.tolerations[0].key: Invalid value: \"object\": key must be the taint's key, "
                + QUALIFIED_NAME),
        new Invalid(
            "a toleration value with operator Exists",
            d ->
                d.set(
                    "spec.tolerations",
                    yaml("[{key: nvidia.com/gpu, operator: Exists, value: 'true'}]")),
            "spec.tolerations[0].value: Invalid value: \"object\": value must be empty when"
                + " operator is Exists"),
        new Invalid(
            "a toleration of every key with operator Equal",
            d -> d.set("spec.tolerations", yaml("[{operator: Equal, value: a100}]")),
            "spec.tolerations[0].operator: Invalid value: \"object\": operator must be Exists"
                + " when key is empty: only Exists tolerates every taint"),
        new Invalid(
            "tolerationSeconds for a NoSchedule taint",
            d ->
                d.set(
                    "spec.tolerations",
                    yaml(
                        "[{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule,"
                            + " tolerationSeconds: 60}]")),
            "spec.tolerations[0].effect: Invalid value: \"object\": effect must be NoExecute when"
                + " tolerationSeconds is set: only NoExecute taints evict"),
        new Invalid(
            "a node selector key with a space",
            d -> d.set("spec.nodeSelector", yaml("{gpu type: a100}")),
            "spec.nodeSelector: Invalid value: \"object\": key gpu type is not a label key: use "
                + QUALIFIED_NAME),
        new Invalid(
            "a node selector value with a space",
            d -> d.set("spec.nodeSelector", yaml("{nvidia.com/gpu.product: A100 80GB}")),
            "spec.nodeSelector: Invalid value: \"object\": the value of nvidia.com/gpu.product"
                + " is not a label value: empty, or at most 63 letters, digits, '-', '_' or '.',"
                + " starting and ending with a letter or digit"),
        new Invalid(
            "a node selector value of 64 characters",
            d -> d.set("spec.nodeSelector", yaml("{pool: " + "p".repeat(64) + "}")),
            "spec.nodeSelector.pool: Too long: may not be more than 63 bytes"),
        new Invalid(
            "a node affinity operator in lowercase",
            d ->
                d.set(
                    "spec.affinity",
                    yaml(
                        """
                        nodeAffinity:
                          requiredDuringSchedulingIgnoredDuringExecution:
                            nodeSelectorTerms:
                              - matchExpressions:
                                  - {key: nvidia.com/gpu.product, operator: in, values: [A100]}
                        """)),
            "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"
                + ".nodeSelectorTerms[0].matchExpressions[0].operator: Unsupported value: \"in\":"
                + " supported values: \"In\", \"NotIn\", \"Exists\", \"DoesNotExist\", \"Gt\","
                + " \"Lt\""),
        new Invalid(
            "a pod anti-affinity term without a topology key",
            d ->
                d.set(
                    "spec.affinity",
                    yaml(
                        """
                        podAntiAffinity:
                          preferredDuringSchedulingIgnoredDuringExecution:
                            - weight: 100
                              podAffinityTerm:
                                labelSelector: {matchLabels: {app: trainer}}
                        """)),
            "spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]"
                + ".podAffinityTerm.topologyKey: Required value"),
        new Invalid(
            "a preferred scheduling weight of 0",
            d ->
                d.set(
                    "spec.affinity",
                    yaml(
                        """
                        nodeAffinity:
                          preferredDuringSchedulingIgnoredDuringExecution:
                            - weight: 0
                              preference:
                                matchExpressions: [{key: pool, operator: Exists}]
                        """)),
            "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight"
                + " in body should be greater than or equal to 1"));
  }

  static Stream<Valid> valid() {
    return Stream.of(
        new Valid(
            "an image with a registry port, a tag and a digest",
            d ->
                d.set(
                    "spec.image",
                    "registry.example.com:5000/lethe/lethe-trainer:0.1.0-rc_1@sha256:"
                        + "0123456789abcdef".repeat(4))),
        new Valid("a Docker Hub image", d -> d.set("spec.image", "lethe/trainer")),
        new Valid(
            "requests, limits and a GPU",
            d ->
                d.set(
                    "spec.resources",
                    yaml(
                        """
                        requests: {cpu: 1500m, memory: 32Gi, nvidia.com/gpu: 1}
                        limits: {cpu: 4, memory: 48Gi, nvidia.com/gpu: "1"}
                        """))),
        new Valid(
            "hugepages and ephemeral storage",
            d ->
                d.set(
                    "spec.resources",
                    yaml("{limits: {hugepages-2Mi: 1Gi, ephemeral-storage: 10G, memory: '2e9'}}"))),
        new Valid(
            "tolerations of every kind",
            d ->
                d.set(
                    "spec.tolerations",
                    yaml(
                        """
                        - {operator: Exists}
                        - {key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}
                        - {key: pool, operator: Equal, value: gpu-a100}
                        - {key: pool, value: ""}
                        - key: node.kubernetes.io/unreachable
                          operator: Exists
                          effect: NoExecute
                          tolerationSeconds: 300
                        """))),
        new Valid(
            "a node selector with prefixed keys and an empty value",
            d ->
                d.set(
                    "spec.nodeSelector",
                    yaml("{nvidia.com/gpu.product: NVIDIA-A100-SXM4-80GB, pool: '', a: b}"))),
        new Valid(
            "node affinity and pod anti-affinity",
            d ->
                d.set(
                    "spec.affinity",
                    yaml(
                        """
                        nodeAffinity:
                          requiredDuringSchedulingIgnoredDuringExecution:
                            nodeSelectorTerms:
                              - matchExpressions:
                                  - {key: nvidia.com/gpu.memory, operator: Gt, values: ["40000"]}
                        podAntiAffinity:
                          preferredDuringSchedulingIgnoredDuringExecution:
                            - weight: 100
                              podAffinityTerm:
                                topologyKey: kubernetes.io/hostname
                                labelSelector:
                                  matchExpressions: [{key: app, operator: In, values: [trainer]}]
                        """))));
  }
}
