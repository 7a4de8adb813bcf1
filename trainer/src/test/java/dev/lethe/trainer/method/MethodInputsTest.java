package dev.lethe.trainer.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.lethe.contract.DataConfig;
import dev.lethe.contract.DataFormat;
import dev.lethe.contract.MethodConfig;
import dev.lethe.contract.UnlearningMethod;
import dev.lethe.trainer.SyntheticFacts;
import dev.lethe.trainer.TestConfigs;
import dev.lethe.trainer.data.InvalidDataException;
import dev.lethe.trainer.data.Pairing.Pair;
import dev.lethe.trainer.data.TextTokenizer;
import dev.lethe.trainer.data.UnlearningBatch;
import dev.lethe.trainer.data.UnlearningData;
import dev.lethe.trainer.model.LlamaModel;
import dev.lethe.trainer.model.TinyModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What a method reads beyond the forget and retain sets, when the job's data is loaded. */
class MethodInputsTest {
  @TempDir static Path dir;
  static NDManager manager;
  static LlamaModel llama;
  static TextTokenizer tokenizer;
  static DataConfig data;

  @BeforeAll
  static void writeModelAndData() throws Exception {
    List<String[]> facts = SyntheticFacts.questionsAndAnswers();
    Path forget = SyntheticFacts.write(dir.resolve("forget.jsonl"), facts.subList(0, 2));
    data = TestConfigs.qa(forget, null);
    Path model = dir.resolve("model");
    new TinyModel(32, 2, 4, 2, 64).write(model, SyntheticFacts.corpus(), 3);
    manager = NDManager.newBaseManager();
    llama = LlamaModel.load(model, manager, DataType.FLOAT32);
    tokenizer = TextTokenizer.load(model, llama.config());
  }

  @AfterAll
  static void close() {
    tokenizer.close();
    llama.close();
    manager.close();
  }

  @Test
  void idkDpoPairsEveryForgetQuestionWithARefusalFromTheJobsFile() throws Exception {
    Path refusals = Files.writeString(dir.resolve("refusals.jsonl"), "\"I do not know.\"\n");

    UnlearningBatch batch = firstBatch(UnlearningMethod.IDK_DPO, withRefusals(refusals));

    assertThat(batch.refusal()).isNotNull();
    assertThat(batch.refusal().batchSize()).isEqualTo(batch.forget().batchSize());
  }

  @Test
  void idkDpoDrawsFromTheBundledRefusalsWhenTheJobNamesNone() {
    assertThat(UnlearningData.bundledRefusals()).isNotEmpty();

    assertThat(firstBatch(UnlearningMethod.IDK_DPO, data).refusal()).isNotNull();
  }

  @Test
  void aBadRefusalsFileFailsWhenTheDataIsLoaded() throws Exception {
    Path refusals = Files.writeString(dir.resolve("bad-refusals.jsonl"), "{\"text\": 1}\n");

    assertThatThrownBy(() -> firstBatch(UnlearningMethod.IDK_DPO, withRefusals(refusals)))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("bad-refusals.jsonl")
        .hasMessageContaining("expected a non-empty JSON string");
  }

  @ParameterizedTest
  @EnumSource(value = UnlearningMethod.class, names = "IDK_DPO", mode = EnumSource.Mode.EXCLUDE)
  void otherMethodsReadNothingMore(UnlearningMethod name) {
    assertThat(firstBatch(name, data).refusal()).isNull();
  }

  private static UnlearningBatch firstBatch(UnlearningMethod name, DataConfig config) {
    Method method = Methods.of(MethodConfig.defaults(name));
    UnlearningData loaded =
        method.withInputs(UnlearningData.load(config, tokenizer, 64, 42), config);
    return loaded.batch(List.of(new Pair(0, -1), new Pair(1, -1)), manager);
  }

  private static DataConfig withRefusals(Path refusals) {
    return new DataConfig(
        data.forget(), null, DataFormat.QA, data.promptTemplate(), refusals.toString(), null);
  }
}
