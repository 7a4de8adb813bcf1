package dev.lethe.trainer.fila;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.contract.InvalidConfigException;
import dev.lethe.contract.LoraConfig;
import dev.lethe.contract.LoraInit;
import dev.lethe.contract.TargetModule;
import dev.lethe.trainer.SyntheticFacts;
import dev.lethe.trainer.TestConfigs;
import dev.lethe.trainer.data.Pairing.Pair;
import dev.lethe.trainer.data.TextTokenizer;
import dev.lethe.trainer.data.UnlearningData;
import dev.lethe.trainer.lora.Lora;
import dev.lethe.trainer.lora.PeftAdapterReader;
import dev.lethe.trainer.lora.PeftAdapterWriter;
import dev.lethe.trainer.model.ForwardMode;
import dev.lethe.trainer.model.LlamaModel;
import dev.lethe.trainer.model.TinyModel;
import dev.lethe.trainer.model.TokenBatch;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FILA on a tiny Llama: the start leaves the model's function alone; the export reproduces it. */
class FilaTest {
  private static final LoraConfig LORA =
      new LoraConfig(4, 8, 0.0, Arrays.asList(TargetModule.values()), LoraInit.FILA);

  @TempDir static Path dir;
  static Path model;
  static Path forget;
  static Path retain;

  @BeforeAll
  static void writeModelAndData() throws Exception {
    List<String[]> facts = SyntheticFacts.questionsAndAnswers();
    forget = SyntheticFacts.write(dir.resolve("forget.jsonl"), facts.subList(0, 4));
    retain = SyntheticFacts.write(dir.resolve("retain.jsonl"), facts.subList(4, 16));
    model = dir.resolve("model");
    new TinyModel(32, 2, 4, 2, 64).write(model, SyntheticFacts.corpus(), 3);
  }

  @Test
  void theModelsOutputsRightAfterFilaEqualTheOriginals() {
    try (NDManager manager = NDManager.newBaseManager();
        LlamaModel llama = LlamaModel.load(model, manager, DataType.FLOAT32);
        TextTokenizer tokenizer = TextTokenizer.load(model, llama.config())) {
      UnlearningData data = data(tokenizer);
      TokenBatch batch = forgetBatch(data, manager);
      NDArray original = llama.logits(batch.inputIds(), batch.attentionMask(), ForwardMode.EVAL);

      Fila.attach(llama, LORA, data, 4, 42);

      NDArray started = llama.logits(batch.inputIds(), batch.attentionMask(), ForwardMode.EVAL);
      float largest = started.sub(original).abs().max().getFloat();
      System.out.printf("FILA start: largest logit change %g%n", largest);
      assertThat(largest).as("the update B·A − B0·A0 is exactly zero").isZero();
      NDArray a0 = Lora.adapter(llama.projections().get(0)).a();
      assertThat(a0.abs().sum().getFloat()).as("the factors themselves are not zero").isPositive();
    }
  }

  @Test
  void theExportedRank2rAdapterOnTheOriginalWeightsReproducesTheTrainedModel() throws Exception {
    Path adapter = dir.resolve("adapter");
    try (NDManager manager = NDManager.newBaseManager();
        LlamaModel trained = LlamaModel.load(model, manager, DataType.FLOAT32);
        LlamaModel original = LlamaModel.load(model, manager, DataType.FLOAT32);
        TextTokenizer tokenizer = TextTokenizer.load(model, trained.config())) {
      UnlearningData data = data(tokenizer);
      List<NDArray> trainable = Fila.attach(trained, LORA, data, 4, 42);
      for (NDArray p : trainable) { // what training does: move A and B away from A0 and B0
        p.addi(manager.randomNormal(0, 0.05f, p.getShape(), DataType.FLOAT32));
      }
      PeftAdapterWriter.write(adapter, trained, LORA, model.toString());
      PeftAdapterReader.read(adapter, original);

      TokenBatch batch = forgetBatch(data, manager);
      NDArray expected = trained.logits(batch.inputIds(), batch.attentionMask(), ForwardMode.EVAL);
      NDArray actual = original.logits(batch.inputIds(), batch.attentionMask(), ForwardMode.EVAL);
      NDArray base =
          original.logits(batch.inputIds(), batch.attentionMask(), ForwardMode.REFERENCE);
      assertThat(actual.allClose(expected, 1e-4, 1e-5, false)).isTrue();
      assertThat(actual.allClose(base, 1e-2, 1e-2, false)).as("the adapter matters").isFalse();
      var config = new ObjectMapper().readTree(adapter.resolve("adapter_config.json").toFile());
      assertThat(config.path("r").asInt()).isEqualTo(8);
      assertThat(config.path("lora_alpha").asInt()).isEqualTo(16);
      assertThat(Lora.adapter(original.projections().get(0)).a().getShape())
          .isEqualTo(new Shape(8, 32));
    }
  }

  @Test
  void aRankAboveALayersSmallerSideIsRefused() {
    try (NDManager manager = NDManager.newBaseManager();
        LlamaModel llama = LlamaModel.load(model, manager, DataType.FLOAT32);
        TextTokenizer tokenizer = TextTokenizer.load(model, llama.config())) {
      LoraConfig tooHigh = new LoraConfig(20, 40, 0.0, List.of(TargetModule.K_PROJ), LoraInit.FILA);
      assertThatThrownBy(() -> Fila.attach(llama, tooHigh, data(tokenizer), 4, 42))
          .isInstanceOf(InvalidConfigException.class)
          .hasMessage(
              "lora.rank 20 is above 16, the smaller side of model.layers.0.self_attn.k_proj:"
                  + " FILA starts from a rank-r decomposition of each weight");
    }
  }

  private static TokenBatch forgetBatch(UnlearningData data, NDManager manager) {
    List<Pair> all = List.of(new Pair(0, 0), new Pair(1, 1), new Pair(2, 2), new Pair(3, 3));
    return data.batch(all, manager).forget();
  }

  private static UnlearningData data(TextTokenizer tokenizer) {
    return UnlearningData.load(TestConfigs.qa(forget, retain), tokenizer, 64, 42);
  }
}
