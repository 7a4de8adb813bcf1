package dev.lethe.trainer.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.trainer.files.ReadErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The architecture of a Llama-family checkpoint, read from its {@code config.json}: Llama 2 and 3
 * ({@code LlamaForCausalLM}, including llama3 RoPE scaling), Mistral and Qwen2 (bias on q, k, v).
 *
 * @param ropeScaling null, or how rotary frequencies are rescaled for long contexts
 * @param slidingWindow Mistral's attention window in tokens; 0 for none
 * @param padTokenId null when the model has none (padding then uses EOS)
 */
public record LlamaConfig(
    String architecture,
    int hiddenSize,
    int intermediateSize,
    int layers,
    int heads,
    int kvHeads,
    int headDim,
    int vocabSize,
    double rmsNormEps,
    double ropeTheta,
    RopeScaling ropeScaling,
    int maxPositions,
    boolean tiedEmbeddings,
    boolean qkvBias,
    boolean outputBias,
    boolean mlpBias,
    int slidingWindow,
    int bosTokenId,
    List<Integer> eosTokenIds,
    Long padTokenId) {

  static final Set<String> ARCHITECTURES =
      Set.of("LlamaForCausalLM", "MistralForCausalLM", "Qwen2ForCausalLM");

  /** How rotary frequencies are rescaled: {@code linear} or {@code llama3}. */
  public record RopeScaling(
      String type,
      double factor,
      double lowFreqFactor,
      double highFreqFactor,
      int originalMaxPositions) {}

  public int headsPerKvHead() {
    return heads / kvHeads;
  }

  /** Reads {@code dir/config.json}; throws {@link ModelLoadException} naming what is wrong. */
  public static LlamaConfig load(Path dir) {
    Path file = dir.resolve("config.json");
    if (!Files.isRegularFile(file)) {
      throw new ModelLoadException(
          "no config.json in model directory "
              + dir
              + ": expected a Hugging Face checkpoint (config.json, *.safetensors, tokenizer.json)");
    }
    JsonNode json;
    try {
      json = new ObjectMapper().readTree(Files.newInputStream(file));
    } catch (IOException e) {
      throw new ModelLoadException(ReadErrors.describe(file, e));
    }
    return parse(json, file.toString());
  }

  /** Errors name the keys and what is allowed, never a value from the file. */
  static LlamaConfig parse(JsonNode json, String source) {
    String architecture = json.path("architectures").path(0).asText("");
    if (!ARCHITECTURES.contains(architecture)) {
      throw new ModelLoadException(
          source
              + ": unsupported architecture: architectures[0] must be one of "
              + ARCHITECTURES.stream().sorted().toList());
    }
    int hidden = positive(json, "hidden_size", source);
    int heads = positive(json, "num_attention_heads", source);
    int kvHeads =
        json.has("num_key_value_heads") ? positive(json, "num_key_value_heads", source) : heads;
    if (heads % kvHeads != 0) {
      throw new ModelLoadException(
          source + ": num_attention_heads must be a multiple of num_key_value_heads");
    }
    int headDim = json.hasNonNull("head_dim") ? positive(json, "head_dim", source) : hidden / heads;
    String act = json.path("hidden_act").asText("silu");
    if (!act.equals("silu")) {
      throw new ModelLoadException(source + ": unsupported hidden_act: it must be silu");
    }
    boolean qwen2 = architecture.equals("Qwen2ForCausalLM");
    boolean attentionBias = json.path("attention_bias").asBoolean(false);
    return new LlamaConfig(
        architecture,
        hidden,
        positive(json, "intermediate_size", source),
        positive(json, "num_hidden_layers", source),
        heads,
        kvHeads,
        headDim,
        positive(json, "vocab_size", source),
        json.path("rms_norm_eps").asDouble(1e-6),
        json.path("rope_theta").asDouble(10000.0),
        ropeScaling(json.path("rope_scaling"), source),
        json.path("max_position_embeddings").asInt(2048),
        json.path("tie_word_embeddings").asBoolean(false),
        qwen2 || attentionBias,
        !qwen2 && attentionBias,
        json.path("mlp_bias").asBoolean(false),
        slidingWindow(json),
        json.path("bos_token_id").asInt(1),
        eosTokenIds(json.path("eos_token_id")),
        json.hasNonNull("pad_token_id") ? json.get("pad_token_id").asLong() : null);
  }

  private static int positive(JsonNode json, String key, String source) {
    JsonNode value = json.get(key);
    if (value == null || !value.canConvertToInt() || value.asInt() <= 0) {
      throw new ModelLoadException(source + ": " + key + " must be a positive integer");
    }
    return value.asInt();
  }

  private static RopeScaling ropeScaling(JsonNode node, String source) {
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    String type = node.path("rope_type").asText(node.path("type").asText(""));
    return switch (type) {
      case "default" -> null;
      case "linear" -> new RopeScaling(type, node.path("factor").asDouble(), 0, 0, 0);
      case "llama3" ->
          new RopeScaling(
              type,
              node.path("factor").asDouble(),
              node.path("low_freq_factor").asDouble(),
              node.path("high_freq_factor").asDouble(),
              node.path("original_max_position_embeddings").asInt());
      default ->
          throw new ModelLoadException(
              source + ": unsupported rope_scaling: its rope_type must be linear or llama3");
    };
  }

  /** Qwen2 only applies its window with use_sliding_window; Mistral whenever it is set. */
  private static int slidingWindow(JsonNode json) {
    boolean applies =
        !json.path("architectures").path(0).asText().equals("Qwen2ForCausalLM")
            || json.path("use_sliding_window").asBoolean(false);
    return applies ? json.path("sliding_window").asInt(0) : 0;
  }

  private static List<Integer> eosTokenIds(JsonNode node) {
    if (node.isArray()) {
      return java.util.stream.StreamSupport.stream(node.spliterator(), false)
          .map(JsonNode::asInt)
          .toList();
    }
    return node.isMissingNode() || node.isNull() ? List.of(2) : List.of(node.asInt());
  }
}
