package dev.lethe.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.lethe.api.v1alpha1.UnlearningJob;
import dev.lethe.contract.ContractJson;
import dev.lethe.contract.KeepBest;
import dev.lethe.contract.Metric;
import dev.lethe.contract.Relearn;
import dev.lethe.contract.TrainerConfig;
import dev.lethe.contract.UnlearningMethod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TrainerConfigModelTest {
  static Path examples() {
    Path dir = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(dir.resolve("examples"))) {
      dir = dir.getParent();
    }
    return dir.resolve("examples");
  }

  static UnlearningJob example(String name) throws IOException {
    return Serialization.unmarshal(Files.readString(examples().resolve(name)), UnlearningJob.class);
  }

  static Stream<String> exampleFiles() throws IOException {
    try (Stream<Path> files = Files.list(examples())) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(f -> f.endsWith(".yaml"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest
  @MethodSource("exampleFiles")
  void everyExampleBecomesAConfigTheTrainerAccepts(String file) throws IOException {
    TrainerConfig config = TrainerConfigModel.desired(example(file));

    assertThat(ContractJson.readConfig(ContractJson.write(config))).isEqualTo(config);
  }

  @Test
  void inputsBecomePodPathsAndMethodDefaultsAreResolved() throws IOException {
    TrainerConfig config = TrainerConfigModel.desired(example("simnpo.yaml"));

    assertThat(config.jobName()).isEqualTo("ml/forget-author-17");
    assertThat(config.model().path()).isEqualTo("/lethe/model");
    assertThat(config.data().forget()).isEqualTo("/lethe/data/forget/forget.jsonl");
    assertThat(config.data().retain()).isEqualTo("/lethe/data/retain/retain90.jsonl");
    assertThat(config.method().name()).isEqualTo(UnlearningMethod.SIM_NPO);
    assertThat(config.method().beta()).isEqualTo(4.5);
    assertThat(config.lora().alpha()).as("2 x rank").isEqualTo(16.0);
    assertThat(config.training().batchSize() * config.training().gradientAccumulation())
        .isEqualTo(32);
    assertThat(config.evaluation().gates())
        .extracting(g -> g.metric())
        .containsExactly(Metric.FORGET_ROUGE_L, Metric.RETAIN_ROUGE_L);
    assertThat(config.output().path()).isEqualTo("/lethe/output");
    assertThat(config.reporting().terminationMessagePath()).isEqualTo("/dev/termination-log");
  }

  @Test
  void aMethodTheUserGaveNoParametersForGetsItsReferenceDefaults() throws IOException {
    TrainerConfig npo = TrainerConfigModel.desired(example("npo.yaml"));
    TrainerConfig whp = TrainerConfigModel.desired(example("whp.yaml"));

    assertThat(npo.method().retainWeight()).isEqualTo(1.0);
    assertThat(whp.method().retainWeight()).as("WHP trains on the forget set alone").isZero();
    assertThat(whp.data().retain()).isNull();
    assertThat(whp.data().anchors()).isEqualTo("/lethe/data/anchors/anchors.json");
    assertThat(List.of(npo.lora().targetModules().size(), whp.lora().targetModules().size()))
        .containsOnly(7);
  }

  @Test
  void evaluationInputsBecomePodPathsByRole() throws IOException {
    TrainerConfig config = TrainerConfigModel.desired(example("tofu-evaluation.yaml"));

    assertThat(config.evaluation().retain())
        .isEqualTo("/lethe/data/eval-retain/retain_perturbed.jsonl");
    assertThat(config.evaluation().holdout()).isEqualTo("/lethe/data/holdout/holdout10.jsonl");
    assertThat(config.evaluation().reference())
        .isEqualTo("/lethe/data/reference/retain90-evaluation.json");
    assertThat(config.evaluation().utility())
        .containsExactly(
            entry("real-authors", "/lethe/data/utility-real-authors/real_authors_perturbed.jsonl"),
            entry("world-facts", "/lethe/data/utility-world-facts/world_facts_perturbed.jsonl"));
    assertThat(config.evaluation().everySteps()).isEqualTo(25);
    assertThat(config.evaluation().keepBest())
        .isEqualTo(new KeepBest(Metric.MODEL_UTILITY, KeepBest.Goal.MAX));
    assertThat(config.evaluation().maxNewTokens()).isEqualTo(200);
    assertThat(config.evaluation().relearn())
        .as("the attack's learning rate is the job's unless it names one")
        .isEqualTo(new Relearn(10, 40, config.training().learningRate()));
  }

  @Test
  void aJobThatStopsWhenItsGatesPassSaysSoToTheTrainer() throws IOException {
    assertThat(
            TrainerConfigModel.desired(example("stop-when-gates-pass.yaml"))
                .evaluation()
                .stopWhenGatesPass())
        .isTrue();
    TrainerConfig npo = TrainerConfigModel.desired(example("npo.yaml"));
    assertThat(npo.evaluation().stopWhenGatesPass())
        .as("by default a job trains its whole plan")
        .isFalse();
    assertThat(npo.evaluation().relearn()).as("and runs no attack").isNull();
  }
}
