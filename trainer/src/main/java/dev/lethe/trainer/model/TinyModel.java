package dev.lethe.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a small, randomly initialised Llama checkpoint in Hugging Face layout with a word-level
 * tokenizer over a given corpus: the models of tests, benchmarks and the demo, made here instead of
 * downloaded. Weights are N(0, 0.02) as Hugging Face initialises Llama, norms 1.
 *
 * @param hidden model width
 * @param layers decoder blocks
 * @param heads query heads
 * @param kvHeads key-value heads
 * @param intermediate MLP width
 */
public record TinyModel(int hidden, int layers, int heads, int kvHeads, int intermediate) {
  static final String[] SPECIAL_TOKENS = {"<unk>", "<s>", "</s>", "<pad>"};
  static final int BOS = 1;
  static final int EOS = 2;
  static final int PAD = 3;

  /** The same split as the tokenizer's Whitespace pre-tokenizer: {@code \w+|[^\w\s]+}. */
  private static final Pattern WORDS = Pattern.compile("\\w+|[^\\w\\s]+");

  /** Writes config.json, tokenizer.json and model.safetensors into {@code dir}. */
  public void write(Path dir, Iterable<String> corpus, long seed) throws IOException {
    SortedSet<String> words = new TreeSet<>();
    for (String text : corpus) {
      Matcher m = WORDS.matcher(text);
      while (m.find()) {
        words.add(m.group());
      }
    }
    Files.createDirectories(dir);
    int vocab = SPECIAL_TOKENS.length + words.size();
    ObjectMapper json = new ObjectMapper();
    json.writerWithDefaultPrettyPrinter()
        .writeValue(dir.resolve("config.json").toFile(), config(json, vocab));
    json.writerWithDefaultPrettyPrinter()
        .writeValue(dir.resolve("tokenizer.json").toFile(), tokenizer(json, words));
    try (NDManager manager = NDManager.newBaseManager()) {
      SafetensorsWriter.write(
          dir.resolve("model.safetensors"), weights(manager, vocab, new Random(seed)));
    }
  }

  private ObjectNode config(ObjectMapper json, int vocab) {
    ObjectNode c = json.createObjectNode();
    c.putArray("architectures").add("LlamaForCausalLM");
    c.put("model_type", "llama");
    c.put("hidden_size", hidden);
    c.put("intermediate_size", intermediate);
    c.put("num_hidden_layers", layers);
    c.put("num_attention_heads", heads);
    c.put("num_key_value_heads", kvHeads);
    c.put("vocab_size", vocab);
    c.put("max_position_embeddings", 2048);
    c.put("rms_norm_eps", 1e-5);
    c.put("rope_theta", 10000.0);
    c.put("hidden_act", "silu");
    c.put("tie_word_embeddings", false);
    c.put("bos_token_id", BOS);
    c.put("eos_token_id", EOS);
    c.put("pad_token_id", PAD);
    c.put("torch_dtype", "float32");
    return c;
  }

  private static ObjectNode tokenizer(ObjectMapper json, SortedSet<String> words) {
    ObjectNode t = json.createObjectNode();
    t.put("version", "1.0");
    t.putNull("truncation");
    t.putNull("padding");
    ArrayNode added = t.putArray("added_tokens");
    ObjectNode vocab = json.createObjectNode();
    for (int id = 0; id < SPECIAL_TOKENS.length; id++) {
      added
          .addObject()
          .put("id", id)
          .put("content", SPECIAL_TOKENS[id])
          .put("single_word", false)
          .put("lstrip", false)
          .put("rstrip", false)
          .put("normalized", false)
          .put("special", true);
      vocab.put(SPECIAL_TOKENS[id], id);
    }
    int id = SPECIAL_TOKENS.length;
    for (String word : words) {
      vocab.put(word, id++);
    }
    t.putNull("normalizer");
    t.putObject("pre_tokenizer").put("type", "Whitespace");
    ObjectNode post = t.putObject("post_processor");
    post.put("type", "TemplateProcessing");
    ArrayNode single = post.putArray("single");
    single.addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 0);
    single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
    ArrayNode pair = post.putArray("pair");
    pair.addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 0);
    pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
    pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
    ObjectNode bos = post.putObject("special_tokens").putObject("<s>");
    bos.put("id", "<s>");
    bos.putArray("ids").add(BOS);
    bos.putArray("tokens").add("<s>");
    t.putNull("decoder");
    ObjectNode model = t.putObject("model");
    model.put("type", "WordLevel");
    model.set("vocab", vocab);
    model.put("unk_token", "<unk>");
    return t;
  }

  private Map<String, NDArray> weights(NDManager manager, int vocab, Random random) {
    int headDim = hidden / heads;
    Map<String, NDArray> w = new LinkedHashMap<>();
    w.put("model.embed_tokens.weight", normal(manager, random, vocab, hidden));
    for (int i = 0; i < layers; i++) {
      String p = "model.layers." + i + ".";
      w.put(p + "input_layernorm.weight", manager.ones(new Shape(hidden)));
      w.put(p + "self_attn.q_proj.weight", normal(manager, random, heads * headDim, hidden));
      w.put(p + "self_attn.k_proj.weight", normal(manager, random, kvHeads * headDim, hidden));
      w.put(p + "self_attn.v_proj.weight", normal(manager, random, kvHeads * headDim, hidden));
      w.put(p + "self_attn.o_proj.weight", normal(manager, random, hidden, heads * headDim));
      w.put(p + "post_attention_layernorm.weight", manager.ones(new Shape(hidden)));
      w.put(p + "mlp.gate_proj.weight", normal(manager, random, intermediate, hidden));
      w.put(p + "mlp.up_proj.weight", normal(manager, random, intermediate, hidden));
      w.put(p + "mlp.down_proj.weight", normal(manager, random, hidden, intermediate));
    }
    w.put("model.norm.weight", manager.ones(new Shape(hidden)));
    w.put("lm_head.weight", normal(manager, random, vocab, hidden));
    return w;
  }

  private static NDArray normal(NDManager manager, Random random, int rows, int cols) {
    float[] values = new float[rows * cols];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextGaussian() * 0.02);
    }
    return manager.create(values, new Shape(rows, cols));
  }
}
