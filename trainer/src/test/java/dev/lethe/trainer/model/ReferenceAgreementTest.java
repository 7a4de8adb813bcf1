package dev.lethe.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.contract.LoraConfig;
import dev.lethe.contract.LoraInit;
import dev.lethe.contract.TargetModule;
import dev.lethe.trainer.data.TextTokenizer;
import dev.lethe.trainer.lora.PeftAdapterReader;
import dev.lethe.trainer.lora.PeftAdapterWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our model against Hugging Face {@code transformers} 4.57.6 and {@code peft} 0.18.1, through the
 * fixtures {@code trainer/reference/make_reference.py} made: a bf16 Llama with GQA, a sharded fp32
 * Llama 3 with llama3 RoPE scaling and tied embeddings, an fp16 Qwen2 with q/k/v bias, an fp32
 * Mistral with a 4-token sliding window.
 */
class ReferenceAgreementTest {
  static final double TOLERANCE = 1e-4;

  static Path fixture(String name) throws URISyntaxException {
    return Path.of(ReferenceAgreementTest.class.getResource("/reference/" + name).toURI());
  }

  /** max |ours − theirs| over the real (unpadded) positions. */
  static double maxDifference(NDArray ours, NDArray theirs, NDArray mask) {
    NDArray real = mask.toType(DataType.FLOAT32, false).expandDims(-1); // [B, T, 1]
    return ours.sub(theirs).abs().mul(real).max().getFloat();
  }

  @ParameterizedTest
  @ValueSource(strings = {"llama-gqa", "llama3-tied", "qwen2-bias", "mistral-window"})
  void logitsMatchTransformers(String name) throws Exception {
    Path dir = fixture(name);
    try (NDManager manager = NDManager.newBaseManager();
        LlamaModel model = LlamaModel.load(dir, manager, DataType.FLOAT32);
        SafetensorsFile expected = SafetensorsFile.open(dir.resolve("expected.safetensors"))) {
      NDArray ids = expected.load("input_ids", manager, DataType.INT64);
      NDArray mask = expected.load("attention_mask", manager, DataType.INT64);
      NDArray logits = model.logits(ids, mask, ForwardMode.EVAL);

      double difference =
          maxDifference(logits, expected.load("logits", manager, DataType.FLOAT32), mask);

      System.out.printf("%s: largest logit difference to transformers %.2e%n", name, difference);
      assertThat(difference).isLessThan(TOLERANCE);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"llama-gqa", "llama3-tied", "qwen2-bias", "mistral-window"})
  void greedyDecodingWithTheKvCacheMatchesGenerate(String name) throws Exception {
    Path dir = fixture(name);
    try (NDManager manager = NDManager.newBaseManager();
        LlamaModel model = LlamaModel.load(dir, manager, DataType.FLOAT32);
        SafetensorsFile expected = SafetensorsFile.open(dir.resolve("expected.safetensors"))) {
      long[] prompt = expected.load("prompt_ids", manager, DataType.INT64).toLongArray();
      long[] greedy = expected.load("greedy_ids", manager, DataType.INT64).toLongArray();

      assertThat(model.generateGreedy(prompt, greedy.length - prompt.length))
          .containsExactly(greedy);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"llama-gqa", "qwen2-bias"})
  void tokenizerGivesTheIdsOfTheReference(String name) throws Exception {
    Path dir = fixture(name);
    JsonNode expected = new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
    try (TextTokenizer tokenizer = TextTokenizer.load(dir, 2, 3L)) {
      for (JsonNode sentence : expected.get("sentences")) {
        long[] ids =
            StreamSupport.stream(sentence.get("ids").spliterator(), false)
                .mapToLong(JsonNode::asLong)
                .toArray();
        assertThat(tokenizer.encode(sentence.get("text").asText())).containsExactly(ids);
      }
      long[] greedy =
          StreamSupport.stream(expected.get("greedy_ids").spliterator(), false)
              .mapToLong(JsonNode::asLong)
              .toArray();
      assertThat(tokenizer.decode(greedy)).isEqualTo(expected.get("greedy_decode").asText());
    }
  }

  /**
   * peft-adapter was written by PEFT itself; lethe-adapter by our {@link PeftAdapterWriter} ({@code
   * ReferenceAdapter}), then loaded by PEFT to record its logits.
   */
  @ParameterizedTest
  @ValueSource(strings = {"peft-adapter", "lethe-adapter"})
  void anAdapterGivesTheLogitsPeftComputesForIt(String adapter) throws Exception {
    Path dir = fixture("llama-gqa");
    try (NDManager manager = NDManager.newBaseManager();
        LlamaModel model = LlamaModel.load(dir, manager, DataType.FLOAT32);
        SafetensorsFile base = SafetensorsFile.open(dir.resolve("expected.safetensors"));
        SafetensorsFile expected =
            SafetensorsFile.open(dir.resolve(adapter + "/expected.safetensors"))) {
      PeftAdapterReader.read(dir.resolve(adapter), model);
      NDArray mask = base.load("attention_mask", manager, DataType.INT64);
      NDArray logits =
          model.logits(base.load("input_ids", manager, DataType.INT64), mask, ForwardMode.EVAL);

      double difference =
          maxDifference(logits, expected.load("logits", manager, DataType.FLOAT32), mask);

      System.out.printf(
          "llama-gqa + %s: largest logit difference to peft %.2e%n", adapter, difference);
      assertThat(difference).isLessThan(TOLERANCE);
    }
  }

  @Test
  void theWriterStillWritesTheAdapterPeftWasCheckedWith(@TempDir Path out) throws Exception {
    Path dir = fixture("llama-gqa");
    Path committed = dir.resolve("lethe-adapter");
    JsonNode config =
        new ObjectMapper().readTree(committed.resolve(PeftAdapterWriter.CONFIG_FILE).toFile());
    LoraConfig lora =
        new LoraConfig(
            config.get("r").asInt(),
            config.get("lora_alpha").asDouble(),
            0.0,
            List.of(TargetModule.Q_PROJ, TargetModule.V_PROJ, TargetModule.DOWN_PROJ),
            LoraInit.DEFAULT);
    try (NDManager manager = NDManager.newBaseManager();
        LlamaModel model = LlamaModel.load(dir, manager, DataType.FLOAT32)) {
      PeftAdapterReader.read(committed, model);
      PeftAdapterWriter.write(out, model, lora, "llama-gqa");
    }

    for (String file : List.of(PeftAdapterWriter.CONFIG_FILE, PeftAdapterWriter.WEIGHTS_FILE)) {
      assertThat(Files.readAllBytes(out.resolve(file)))
          .as(file)
          .isEqualTo(Files.readAllBytes(committed.resolve(file)));
    }
  }
}
