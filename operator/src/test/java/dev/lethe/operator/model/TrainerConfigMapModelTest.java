package dev.lethe.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.api.v1alpha1.UnlearningJob;
import dev.lethe.contract.ContractJson;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class TrainerConfigMapModelTest {

  @Test
  void theConfigMapHoldsTheTrainerConfigWhereTheJobMountsIt() throws IOException {
    UnlearningJob job = TrainerConfigModelTest.example("simnpo.yaml");

    ConfigMap configMap = TrainerConfigMapModel.desired(job);
    Job trainer = TrainerJobModel.desired(job, "image");

    assertThat(configMap.getMetadata().getName()).isEqualTo("forget-author-17-config");
    assertThat(ContractJson.readConfig(configMap.getData().get("job.json")))
        .isEqualTo(TrainerConfigModel.desired(job));
    assertThat(trainer.getSpec().getTemplate().getSpec().getVolumes())
        .anySatisfy(
            v ->
                assertThat(
                        v.getConfigMap() != null
                            && v.getConfigMap().getName().equals("forget-author-17-config"))
                    .isTrue());
  }
}
