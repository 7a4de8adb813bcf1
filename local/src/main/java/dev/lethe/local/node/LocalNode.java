package dev.lethe.local.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one Node of local mode: this machine's CPUs and memory, and as many fake {@code
 * nvidia.com/gpu} as asked for (they let GPU-requesting pods be placed; the trainer still runs on
 * the CPU).
 *
 * @param name the Node's name
 * @param capacity what pods may request in all
 */
public record LocalNode(String name, NodeResources capacity) {
  public static final String NAME = "lethe-local";

  /** The Node's address; every pod gets its own 127.0.0.x. */
  public static final String HOST_IP = "127.0.0.1";

  static final int MAX_PODS = 110;

  /** This machine, with {@code gpus} fake GPUs. */
  public static LocalNode ofThisMachine(int gpus) {
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return new LocalNode(
        NAME,
        new NodeResources(
            Runtime.getRuntime().availableProcessors() * 1000L, os.getTotalMemorySize(), gpus));
  }

  public Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("kubernetes.io/hostname", name);
    labels.put("kubernetes.io/os", "linux");
    labels.put(
        "kubernetes.io/arch", System.getProperty("os.arch").equals("aarch64") ? "arm64" : "amd64");
    labels.put("node.kubernetes.io/instance-type", "lethe-local");
    return labels;
  }

  /** The Node without its status (the API server ignores status on create). */
  Node object() {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels())
        .addToAnnotations(
            "lethe.dev/node-agent",
            "a development stand-in for a kubelet: runs trainer pods as local processes")
        .endMetadata()
        .build();
  }

  /** Ready, with capacity; what a kubelet reports. */
  Node withStatus(Node node, Instant now) {
    Map<String, Quantity> capacity = new LinkedHashMap<>(this.capacity.quantities());
    capacity.put("pods", new Quantity(String.valueOf(MAX_PODS)));
    return new NodeBuilder(node)
        .withNewStatus()
        .withCapacity(capacity)
        .withAllocatable(capacity)
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .withReason("LocalNodeAgentReady")
        .withMessage("the Lethe local node agent runs pods as processes on this machine")
        .withLastHeartbeatTime(now.toString())
        .withLastTransitionTime(now.toString())
        .endCondition()
        .addNewAddress()
        .withType("InternalIP")
        .withAddress(HOST_IP)
        .endAddress()
        .addNewAddress()
        .withType("Hostname")
        .withAddress(name)
        .endAddress()
        .withNewNodeInfo()
        .withArchitecture(labels().get("kubernetes.io/arch"))
        .withOperatingSystem("linux")
        .withOsImage(System.getProperty("os.name") + " " + System.getProperty("os.version"))
        .withKernelVersion(System.getProperty("os.version"))
        .withContainerRuntimeVersion("lethe-local://processes")
        .withKubeletVersion("lethe-local-node-agent")
        .withKubeProxyVersion("")
        .withMachineID("")
        .withSystemUUID("")
        .withBootID("")
        .endNodeInfo()
        .endStatus()
        .build();
  }
}
