package dev.lethe.operator.model;

import dev.lethe.api.v1alpha1.Names;
import dev.lethe.api.v1alpha1.UnlearningJob;
import dev.lethe.contract.ContractJson;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.nio.file.Path;

/**
 * The ConfigMap holding an UnlearningJob's trainer config, mounted at {@link PodPaths#CONFIG_DIR}.
 */
public final class TrainerConfigMapModel {
  private TrainerConfigMapModel() {}

  public static ConfigMap desired(UnlearningJob job) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(Names.trainerConfig(job.getMetadata().getName()))
        .withNamespace(job.getMetadata().getNamespace())
        .withLabels(TrainerJobModel.labels(job))
        .withOwnerReferences(TrainerJobModel.controller(job))
        .endMetadata()
        .addToData(
            Path.of(PodPaths.CONFIG_FILE).getFileName().toString(),
            ContractJson.write(TrainerConfigModel.desired(job)))
        .build();
  }
}
