package dev.lethe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local control plane does what a cluster's does for a Job: the Job controller makes its pod,
 * and the garbage collector deletes the pod with the Job.
 */
class LocalControlPlaneIT {
  static final String VERSION = System.getProperty("lethe.kubernetes.version", "");

  @Test
  void theJobControllerMakesPodsAndTheGarbageCollectorRemovesThem(@TempDir Path dir)
      throws Exception {
    ControlPlaneBinaries binaries = ControlPlaneBinaries.of(VERSION, System.getenv());
    LocalControlPlane plane;
    try (LocalControlPlane started =
            LocalControlPlane.start(binaries, dir.resolve("kubeconfig"), dir.resolve("work"));
        KubernetesClient client = started.client()) {
      plane = started;
      assertThat(Files.readString(started.kubeconfig())).contains("server: https://");
      Job job =
          client
              .batch()
              .v1()
              .jobs()
              .inNamespace("default")
              .resource(
                  new JobBuilder()
                      .withNewMetadata()
                      .withName("hello")
                      .endMetadata()
                      .withNewSpec()
                      .withNewTemplate()
                      .withNewSpec()
                      .withRestartPolicy("Never")
                      .addNewContainer()
                      .withName("hello")
                      .withImage("busybox")
                      .endContainer()
                      .endSpec()
                      .endTemplate()
                      .endSpec()
                      .build())
              .create();

      List<Pod> pods =
          await()
              .atMost(Duration.ofSeconds(60))
              .until(() -> podsOfJob(client, "hello"), list -> list.size() == 1);
      assertThat(pods.get(0).getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(o -> assertThat(o.getUid()).isEqualTo(job.getMetadata().getUid()));

      client
          .batch()
          .v1()
          .jobs()
          .resource(job)
          .withPropagationPolicy(DeletionPropagation.BACKGROUND)
          .delete();
      await().atMost(Duration.ofSeconds(60)).until(() -> podsOfJob(client, "hello").isEmpty());
    }
    assertThat(plane.controllerManagerAlive()).as("stopped with the control plane").isFalse();
  }

  /** The pods the Job controller made for a Job in the default namespace. */
  static List<Pod> podsOfJob(KubernetesClient client, String job) {
    return client
        .pods()
        .inNamespace("default")
        .withLabel("batch.kubernetes.io/job-name", job)
        .list()
        .getItems();
  }
}
