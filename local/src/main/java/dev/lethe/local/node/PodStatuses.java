package dev.lethe.local.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The pod statuses a kubelet writes, for a pod with one container: waiting, running, terminated.
 * Pure: the agent decides when, these say what.
 */
final class PodStatuses {
  private PodStatuses() {}

  /** The scheduler's verdict when the node cannot take the pod. */
  static PodStatus unschedulable(Pod pod, String message, Instant now) {
    return new PodStatusBuilder(status(pod))
        .withPhase("Pending")
        .withConditions(
            condition("PodScheduled", false, "Unschedulable", message, now, pod.getStatus()))
        .build();
  }

  /** Bound, but the container cannot start yet (or ever): {@code reason} says why. */
  static PodStatus waiting(Pod pod, String reason, String message, Instant now) {
    return base(pod, "Pending", false, now)
        .withContainerStatuses(
            container(pod)
                .withNewState()
                .withNewWaiting()
                .withReason(reason)
                .withMessage(message)
                .endWaiting()
                .endState()
                .build())
        .build();
  }

  /** The container's process runs as {@code pid}, at {@code podIp}. */
  static PodStatus running(Pod pod, String podIp, long pid, Instant started, Instant now) {
    return base(pod, "Running", true, now)
        .withPodIP(podIp)
        .withPodIPs(new PodIP(podIp))
        .withStartTime(started.toString())
        .withContainerStatuses(
            container(pod)
                .withContainerID(containerId(pid))
                .withReady(true)
                .withStarted(true)
                .withNewState()
                .withNewRunning()
                .withStartedAt(started.toString())
                .endRunning()
                .endState()
                .build())
        .build();
  }

  /**
   * The process ended with {@code exitCode}; {@code message} is the termination message (the file's
   * content, or the log's tail where the policy allows).
   */
  static PodStatus terminated(
      Pod pod, String podIp, long pid, int exitCode, String message, Instant started, Instant now) {
    return base(pod, exitCode == 0 ? "Succeeded" : "Failed", false, now)
        .withPodIP(podIp)
        .withPodIPs(podIp == null ? List.of() : List.of(new PodIP(podIp)))
        .withStartTime(started.toString())
        .withContainerStatuses(
            container(pod)
                .withContainerID(containerId(pid))
                .withReady(false)
                .withStarted(false)
                .withNewState()
                .withNewTerminated()
                .withExitCode(exitCode)
                .withReason(exitCode == 0 ? "Completed" : "Error")
                .withMessage(message == null || message.isEmpty() ? null : message)
                .withStartedAt(started.toString())
                .withFinishedAt(now.toString())
                .withContainerID(containerId(pid))
                .endTerminated()
                .endState()
                .build())
        .build();
  }

  private static PodStatus status(Pod pod) {
    return pod.getStatus() != null ? pod.getStatus() : new PodStatus();
  }

  static String containerId(long pid) {
    return "lethe-local://" + pid;
  }

  private static PodStatusBuilder base(Pod pod, String phase, boolean ready, Instant now) {
    PodStatus old = status(pod);
    List<PodCondition> conditions = new ArrayList<>();
    conditions.add(condition("PodScheduled", true, null, null, now, old));
    conditions.add(condition("Initialized", true, null, null, now, old));
    String notReady = phase.equals("Pending") ? "ContainersNotReady" : "PodCompleted";
    conditions.add(condition("ContainersReady", ready, ready ? null : notReady, null, now, old));
    conditions.add(condition("Ready", ready, ready ? null : notReady, null, now, old));
    return new PodStatusBuilder(old)
        .withPhase(phase)
        .withHostIP(LocalNode.HOST_IP)
        .withConditions(conditions);
  }

  private static ContainerStatusBuilder container(Pod pod) {
    Container c = pod.getSpec().getContainers().get(0);
    return new ContainerStatusBuilder()
        .withName(c.getName())
        .withImage(c.getImage())
        .withImageID("")
        .withRestartCount(0)
        .withReady(false);
  }

  /** A condition; its transition time moves only when its status changes. */
  private static PodCondition condition(
      String type, boolean status, String reason, String message, Instant now, PodStatus old) {
    String value = status ? "True" : "False";
    String since =
        old.getConditions() == null
            ? now.toString()
            : old.getConditions().stream()
                .filter(c -> c.getType().equals(type) && c.getStatus().equals(value))
                .map(PodCondition::getLastTransitionTime)
                .findFirst()
                .orElse(now.toString());
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(value)
        .withReason(reason)
        .withMessage(message)
        .withLastTransitionTime(since)
        .build();
  }
}
