package dev.lethe.local.node;

import dev.lethe.contract.ProcessPodEnvironment;
import dev.lethe.local.LocalHome;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A development stand-in for a scheduler and a kubelet, not a kubelet: it registers one Node, binds
 * pending pods that fit on it, and runs each bound pod's one container as a process on this
 * machine, with the image mapped to a local command ({@link LocalImages}), volumes mapped to
 * directories ({@link PodFilesystem}), and a loopback address of its own as the pod IP. It writes
 * pod status as a kubelet would (Pending, Running, then Succeeded or Failed with the exit code and
 * the termination message), keeps each container's log in a file, and stops the process when the
 * pod is deleted (SIGTERM, then SIGKILL after the grace period).
 *
 * <p>Every decision runs on one thread, so the agent's own state needs no locks; the pod informer
 * and process exits only queue work for it.
 */
public final class NodeAgent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);
  private static final long RESYNC_SECONDS = 2;
  private static final long STOP_SECONDS = 10;

  private final KubernetesClient client;
  private final LocalNode node;
  private final LocalImages images;
  private final PodFilesystem filesystem;
  private final LocalHome home;
  private final ScheduledExecutorService loop =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "lethe-node-agent"));
  private final LoopbackAddresses addresses = new LoopbackAddresses();
  private final Map<String, RunningContainer> running = new HashMap<>();
  private final Set<String> ended = new HashSet<>();
  private final Set<String> released = new HashSet<>();
  private final Set<String> stopping = new HashSet<>();
  private final Map<String, NodeResources> bound = new HashMap<>();
  private SharedIndexInformer<Pod> pods;

  /** A running container: its pod, process and where its files are. */
  private record RunningContainer(
      String key,
      String uid,
      Process process,
      String ip,
      Instant started,
      PodFilesystem.Layout layout,
      String messagePolicy) {}

  private NodeAgent(KubernetesClient client, LocalNode node, LocalImages images, LocalHome home) {
    this.client = client;
    this.node = node;
    this.images = images;
    this.filesystem = new PodFilesystem(client, home);
    this.home = home;
  }

  /**
   * Registers the node and starts placing and running pods.
   *
   * @param home where claims' directories are, and where each pod's root, volumes and log go
   */
  public static NodeAgent start(
      KubernetesClient client, LocalNode node, LocalImages images, LocalHome home) {
    NodeAgent agent = new NodeAgent(client, node, images, home);
    agent.register();
    agent.pods =
        client
            .pods()
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Pod pod) {
                    agent.later(() -> agent.sync(Cache.metaNamespaceKeyFunc(pod)));
                  }

                  @Override
                  public void onUpdate(Pod old, Pod pod) {
                    agent.later(() -> agent.sync(Cache.metaNamespaceKeyFunc(pod)));
                  }

                  @Override
                  public void onDelete(Pod pod, boolean unknownFinalState) {
                    agent.later(() -> agent.gone(pod));
                  }
                });
    agent.loop.scheduleWithFixedDelay(
        () -> agent.guarded(agent::syncAll), RESYNC_SECONDS, RESYNC_SECONDS, TimeUnit.SECONDS);
    LOG.info(
        "node {} registered: {} CPU, {} MiB, {} GPU; pods run as local processes",
        node.name(),
        node.capacity().cpuMillis() / 1000.0,
        node.capacity().memoryBytes() >> 20,
        node.capacity().gpus());
    return agent;
  }

  private void register() {
    Node existing = client.nodes().withName(node.name()).get();
    Node created = existing != null ? existing : client.nodes().resource(node.object()).create();
    client.nodes().resource(node.withStatus(created, Instant.now())).updateStatus();
  }

  /** The processes of pods that run now. */
  public List<ProcessHandle> processes() {
    return onLoop(() -> running.values().stream().map(c -> c.process().toHandle()).toList());
  }

  private void later(Runnable work) {
    if (!loop.isShutdown()) {
      loop.execute(() -> guarded(work));
    }
  }

  private void guarded(Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      LOG.warn("node agent: {}", e.toString(), e);
    }
  }

  private void syncAll() {
    pods.getStore().listKeys().forEach(this::sync);
  }

  private void sync(String key) {
    Pod pod = pods.getStore().getByKey(key);
    if (pod == null) {
      return;
    }
    String nodeName = pod.getSpec().getNodeName();
    boolean deleting = pod.getMetadata().getDeletionTimestamp() != null;
    if (nodeName == null || nodeName.isEmpty()) {
      // A pod bound a moment ago still looks unbound in the cache until its update arrives.
      if (!deleting
          && "Pending".equals(phase(pod))
          && !bound.containsKey(pod.getMetadata().getUid())) {
        place(pod);
      }
      return;
    }
    if (!nodeName.equals(node.name())) {
      return;
    }
    String uid = pod.getMetadata().getUid();
    bound.remove(uid);
    RunningContainer c = running.get(uid);
    if (deleting) {
      if (c != null) {
        stop(c, gracePeriod(pod));
      } else {
        release(pod);
      }
    } else if (c == null && !ended.contains(uid)) {
      if ("Pending".equals(phase(pod))) {
        start(pod);
      } else if ("Running".equals(phase(pod))) {
        lost(pod);
      }
    }
  }

  /** The scheduler's part: bind the pod here if it fits, or say why not. */
  private void place(Pod pod) {
    List<String> reasons = new ArrayList<>();
    Map<String, String> selector = pod.getSpec().getNodeSelector();
    if (selector != null && !node.labels().entrySet().containsAll(selector.entrySet())) {
      reasons.add("1 node(s) didn't match Pod's node affinity/selector");
    }
    NodeResources free = node.capacity().minus(inUse());
    for (String resource : free.shortOf(NodeResources.of(pod))) {
      reasons.add("1 Insufficient " + resource);
    }
    if (!reasons.isEmpty()) {
      String message = "0/1 nodes are available: " + String.join(", ", reasons) + ".";
      if (!message.equals(scheduledMessage(pod))) {
        writeStatus(pod, PodStatuses.unschedulable(pod, message, Instant.now()));
        LOG.info("{}: unschedulable: {}", key(pod), message);
      }
      return;
    }
    client
        .bindings()
        .inNamespace(pod.getMetadata().getNamespace())
        .resource(
            new BindingBuilder()
                .withNewMetadata()
                .withName(pod.getMetadata().getName())
                .withUid(pod.getMetadata().getUid())
                .endMetadata()
                .withNewTarget()
                .withApiVersion("v1")
                .withKind("Node")
                .withName(node.name())
                .endTarget()
                .build())
        .create();
    bound.put(pod.getMetadata().getUid(), NodeResources.of(pod));
    LOG.info("{}: bound to {}", key(pod), node.name());
  }

  /** What pods placed here and not yet ended ask for, including those bound a moment ago. */
  private NodeResources inUse() {
    NodeResources sum = NodeResources.NONE;
    for (Pod p : pods.getStore().list()) {
      String phase = phase(p);
      if (node.name().equals(p.getSpec().getNodeName())
          && !"Succeeded".equals(phase)
          && !"Failed".equals(phase)) {
        sum = sum.plus(NodeResources.of(p));
      }
    }
    for (NodeResources r : bound.values()) {
      sum = sum.plus(r);
    }
    return sum;
  }

  private void start(Pod pod) {
    String key = key(pod);
    Path podDir = home.pod(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
    try {
      var spec = pod.getSpec();
      if (spec.getContainers().size() != 1
          || (spec.getInitContainers() != null && !spec.getInitContainers().isEmpty())) {
        throw new CannotStart(
            "CreateContainerConfigError",
            "the local node agent runs pods of exactly one container and no init containers");
      }
      var container = spec.getContainers().get(0);
      List<String> command =
          images.command(container.getImage(), container.getCommand(), container.getArgs());
      PodFilesystem.Layout layout = filesystem.prepare(pod, container, podDir);
      String ip = addresses.take();
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(podDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(Redirect.appendTo(layout.log().toFile()));
      try {
        builder.environment().putAll(environment(pod, container.getEnv(), ip, layout.root()));
      } catch (CannotStart e) {
        addresses.release(ip);
        throw e;
      }
      Process process = builder.start();
      RunningContainer c =
          new RunningContainer(
              key,
              pod.getMetadata().getUid(),
              process,
              ip,
              Instant.now(),
              layout,
              container.getTerminationMessagePolicy());
      running.put(c.uid(), c);
      process.onExit().thenRun(() -> later(() -> exited(c)));
      writeStatus(pod, PodStatuses.running(pod, ip, process.pid(), c.started(), Instant.now()));
      LOG.info("{}: running as process {} at {}; log {}", key, process.pid(), ip, layout.log());
    } catch (CannotStart e) {
      if (!Objects.equals(waitingMessage(pod), e.getMessage())) {
        writeStatus(pod, PodStatuses.waiting(pod, e.reason(), e.getMessage(), Instant.now()));
        LOG.info("{}: waiting ({}): {}", key, e.reason(), e.getMessage());
      }
    } catch (IOException e) {
      writeStatus(pod, PodStatuses.waiting(pod, "RunContainerError", e.toString(), Instant.now()));
      LOG.warn("{}: cannot start: {}", key, e.toString());
    }
  }

  /**
   * The container's environment on top of this process's: its plain values and the downward API's
   * pod fields, then where its root is and its IP (see the trainer's ProcessPod).
   */
  private static Map<String, String> environment(Pod pod, List<EnvVar> env, String ip, Path root)
      throws CannotStart {
    Map<String, String> vars = new HashMap<>();
    for (EnvVar e : env == null ? List.<EnvVar>of() : env) {
      if (e.getValueFrom() == null) {
        vars.put(e.getName(), e.getValue() == null ? "" : e.getValue());
      } else if (e.getValueFrom().getFieldRef() != null) {
        String field = e.getValueFrom().getFieldRef().getFieldPath();
        vars.put(
            e.getName(),
            switch (field) {
              case "metadata.name" -> pod.getMetadata().getName();
              case "metadata.namespace" -> pod.getMetadata().getNamespace();
              case "metadata.uid" -> pod.getMetadata().getUid();
              case "spec.nodeName" -> pod.getSpec().getNodeName();
              case "status.podIP" -> ip;
              case "status.hostIP" -> LocalNode.HOST_IP;
              default ->
                  throw new CannotStart(
                      "CreateContainerConfigError",
                      "env " + e.getName() + ": field " + field + " is not offered locally");
            });
      } else {
        throw new CannotStart(
            "CreateContainerConfigError",
            "env " + e.getName() + ": the local node agent takes plain values and pod fields only");
      }
    }
    vars.put(ProcessPodEnvironment.ROOT, root.toAbsolutePath().toString());
    vars.put(ProcessPodEnvironment.ADDRESS, ip);
    return vars;
  }

  /** The process ended: report it as a kubelet would, and finish a deletion that waited for it. */
  private void exited(RunningContainer c) {
    running.remove(c.uid());
    stopping.remove(c.uid());
    ended.add(c.uid());
    addresses.release(c.ip());
    int code = c.process().exitValue();
    String message =
        TerminationMessage.read(
            c.layout().terminationMessage(), c.layout().log(), c.messagePolicy(), code);
    LOG.info("{}: process {} exited with {}", c.key(), c.process().pid(), code);
    Pod pod = pods.getStore().getByKey(c.key());
    if (pod == null || !c.uid().equals(pod.getMetadata().getUid())) {
      return;
    }
    writeStatus(
        pod,
        PodStatuses.terminated(
            pod, c.ip(), c.process().pid(), code, message, c.started(), Instant.now()));
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      release(pod);
    }
  }

  /** The pod is being deleted: SIGTERM now, SIGKILL when the grace period is over. */
  private void stop(RunningContainer c, long graceSeconds) {
    if (!c.process().isAlive() || !stopping.add(c.uid())) {
      return; // ended, or already being stopped: the resync must not stop it again
    }
    LOG.info("{}: stopping process {} (grace {} s)", c.key(), c.process().pid(), graceSeconds);
    c.process().descendants().forEach(ProcessHandle::destroy);
    c.process().destroy();
    loop.schedule(() -> kill(c.process()), graceSeconds, TimeUnit.SECONDS);
  }

  /** SIGKILL for the process and what it started. */
  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  /** The kubelet's last word on a deleted pod: nothing runs, the API server may remove it. */
  private void release(Pod pod) {
    if (released.add(pod.getMetadata().getUid())) {
      try {
        client
            .pods()
            .inNamespace(pod.getMetadata().getNamespace())
            .withName(pod.getMetadata().getName())
            .withGracePeriod(0)
            .delete();
      } catch (KubernetesClientException e) {
        LOG.debug("{}: already gone: {}", key(pod), e.getMessage());
      }
    }
  }

  /** Gone from the API server (force-deleted, say): its process must not outlive it. */
  private void gone(Pod pod) {
    String uid = pod.getMetadata().getUid();
    bound.remove(uid);
    ended.remove(uid);
    released.remove(uid);
    RunningContainer c = running.get(uid);
    if (c != null) {
      kill(c.process());
    }
  }

  /** Marked running, but not by this agent (it restarted): the process is gone. */
  private void lost(Pod pod) {
    ended.add(pod.getMetadata().getUid());
    Instant now = Instant.now();
    writeStatus(
        pod,
        PodStatuses.terminated(
            pod,
            pod.getStatus().getPodIP(),
            0,
            137,
            "the local node agent restarted; this process was lost",
            now,
            now));
  }

  private void writeStatus(Pod pod, PodStatus status) {
    try {
      client
          .pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName())
          .editStatus(
              p -> {
                p.setStatus(status);
                return p;
              });
    } catch (KubernetesClientException e) {
      LOG.debug("{}: status not written: {}", key(pod), e.getMessage());
    }
  }

  /** Stops every process (SIGTERM, SIGKILL after 10 s) and the informer. */
  @Override
  public void close() {
    if (pods != null) {
      pods.close();
    }
    List<Process> processes =
        onLoop(() -> running.values().stream().map(RunningContainer::process).toList());
    loop.shutdownNow();
    for (Process p : processes) {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
    }
    for (Process p : processes) {
      try {
        if (!p.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
          kill(p);
          p.waitFor(STOP_SECONDS, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        kill(p);
        Thread.currentThread().interrupt();
      }
    }
  }

  private <T> T onLoop(Callable<T> work) {
    try {
      return loop.submit(work).get(STOP_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the node agent does not answer: " + e, e);
    }
  }

  private static long gracePeriod(Pod pod) {
    Long grace = pod.getMetadata().getDeletionGracePeriodSeconds();
    return grace != null ? grace : 30;
  }

  private static String phase(Pod pod) {
    return pod.getStatus() == null ? "Pending" : pod.getStatus().getPhase();
  }

  private static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  private static String scheduledMessage(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return null;
    }
    return pod.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals("PodScheduled"))
        .map(PodCondition::getMessage)
        .findFirst()
        .orElse(null);
  }

  private static String waitingMessage(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return null;
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(s -> s.getState() != null && s.getState().getWaiting() != null)
        .map(s -> s.getState().getWaiting().getMessage())
        .findFirst()
        .orElse(null);
  }
}
