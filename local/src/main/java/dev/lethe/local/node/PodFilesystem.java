package dev.lethe.local.node;

import dev.lethe.local.DirectoryTree;
import dev.lethe.local.LocalHome;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pod's file system without a container runtime. Each volume becomes a directory on this machine
 * (a claim: its directory in {@link LocalHome}, shared by every pod that mounts it; a ConfigMap or
 * Secret: its keys written as files; an emptyDir: a fresh directory), and each of the container's
 * mounts becomes a symbolic link at its mount path under the pod's root directory, which the
 * trainer takes as its {@code /} ({@code LETHE_POD_ROOT}). Read-only mounts are not enforced, and a
 * ConfigMap's later changes do not reach a running pod.
 *
 * @param home where claims' directories are
 */
record PodFilesystem(KubernetesClient client, LocalHome home) {

  /**
   * Where a pod's files are.
   *
   * @param root what the container sees as {@code /}
   * @param terminationMessage the termination-message file, on this machine
   * @param log the container's stdout and stderr
   */
  record Layout(Path root, Path terminationMessage, Path log) {}

  /** Lays out the pod's volumes under {@code podDir}, replacing what an earlier pod left there. */
  Layout prepare(Pod pod, Container container, Path podDir) throws CannotStart, IOException {
    DirectoryTree.delete(podDir);
    Path root = podDir.resolve("root");
    Files.createDirectories(root);
    Map<String, Path> volumes = new HashMap<>();
    for (Volume v :
        pod.getSpec().getVolumes() == null ? List.<Volume>of() : pod.getSpec().getVolumes()) {
      volumes.put(v.getName(), volume(pod, v, podDir.resolve("volumes").resolve(v.getName())));
    }
    List<VolumeMount> mounts =
        container.getVolumeMounts() == null
            ? List.of()
            : container.getVolumeMounts().stream()
                .sorted(Comparator.comparing(VolumeMount::getMountPath))
                .toList();
    for (int i = 0; i < mounts.size(); i++) {
      VolumeMount m = mounts.get(i);
      for (VolumeMount earlier : mounts.subList(0, i)) {
        if (m.getMountPath().startsWith(earlier.getMountPath() + "/")) {
          throw new CannotStart(
              "CreateContainerConfigError",
              "mount "
                  + m.getMountPath()
                  + " lies inside mount "
                  + earlier.getMountPath()
                  + ": the local node agent cannot nest mounts");
        }
      }
      Path source = volumes.get(m.getName());
      if (source == null) {
        throw new CannotStart(
            "CreateContainerConfigError",
            "mount " + m.getMountPath() + ": no volume " + m.getName());
      }
      if (m.getSubPath() != null && !m.getSubPath().isEmpty()) {
        source = source.resolve(m.getSubPath());
        if (!Files.exists(source)) {
          Files.createDirectories(source); // as a kubelet does for a missing subPath
        }
      }
      Path target = under(root, m.getMountPath());
      Files.createDirectories(target.getParent());
      Files.createSymbolicLink(target, source.toAbsolutePath());
    }
    String messagePath =
        container.getTerminationMessagePath() != null
            ? container.getTerminationMessagePath()
            : "/dev/termination-log";
    Path terminationMessage = under(root, messagePath);
    Files.createDirectories(terminationMessage.getParent());
    Files.write(terminationMessage, new byte[0]);
    return new Layout(root, terminationMessage, podDir.resolve(container.getName() + ".log"));
  }

  private Path volume(Pod pod, Volume v, Path own) throws CannotStart, IOException {
    String namespace = pod.getMetadata().getNamespace();
    if (v.getPersistentVolumeClaim() != null) {
      return Files.createDirectories(
          home.claim(namespace, v.getPersistentVolumeClaim().getClaimName()));
    }
    if (v.getHostPath() != null) {
      return Path.of(v.getHostPath().getPath());
    }
    if (v.getEmptyDir() != null) {
      return Files.createDirectories(own);
    }
    if (v.getConfigMap() != null) {
      var source = v.getConfigMap();
      ConfigMap map = client.configMaps().inNamespace(namespace).withName(source.getName()).get();
      Map<String, byte[]> files = null;
      if (map != null) {
        files = new LinkedHashMap<>();
        for (var e : orEmpty(map.getData()).entrySet()) {
          files.put(e.getKey(), e.getValue().getBytes(StandardCharsets.UTF_8));
        }
        for (var e : orEmpty(map.getBinaryData()).entrySet()) {
          files.put(e.getKey(), Base64.getDecoder().decode(e.getValue()));
        }
      }
      return write(
          own, "configmap", source.getName(), source.getOptional(), files, source.getItems());
    }
    if (v.getSecret() != null) {
      var source = v.getSecret();
      Secret secret =
          client.secrets().inNamespace(namespace).withName(source.getSecretName()).get();
      Map<String, byte[]> files = null;
      if (secret != null) {
        files = new LinkedHashMap<>();
        for (var e : orEmpty(secret.getData()).entrySet()) {
          files.put(e.getKey(), Base64.getDecoder().decode(e.getValue()));
        }
      }
      return write(
          own, "secret", source.getSecretName(), source.getOptional(), files, source.getItems());
    }
    throw new CannotStart(
        "CreateContainerConfigError",
        "volume "
            + v.getName()
            + ": the local node agent mounts persistentVolumeClaim, configMap, secret, emptyDir and"
            + " hostPath volumes only");
  }

  /**
   * A ConfigMap's or Secret's keys as files: all of them, or the listed items at their paths.
   *
   * @param files the keys' contents; null when the object does not exist
   */
  private static Path write(
      Path dir,
      String kind,
      String name,
      Boolean optional,
      Map<String, byte[]> files,
      List<KeyToPath> items)
      throws CannotStart, IOException {
    if (files == null && !Boolean.TRUE.equals(optional)) {
      throw new CannotStart("ContainerCreating", kind + " \"" + name + "\" not found");
    }
    files = files == null ? Map.of() : files;
    Files.createDirectories(dir);
    if (items == null || items.isEmpty()) {
      for (var file : files.entrySet()) {
        Files.write(dir.resolve(file.getKey()), file.getValue());
      }
      return dir;
    }
    for (KeyToPath item : items) {
      byte[] content = files.get(item.getKey());
      if (content == null) {
        throw new CannotStart(
            "ContainerCreating", kind + " \"" + name + "\" has no key \"" + item.getKey() + "\"");
      }
      Path file = dir.resolve(item.getPath());
      Files.createDirectories(file.getParent());
      Files.write(file, content);
    }
    return dir;
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }

  private static Path under(Path root, String absolute) {
    return root.resolve(absolute.replaceFirst("^/+", ""));
  }
}
