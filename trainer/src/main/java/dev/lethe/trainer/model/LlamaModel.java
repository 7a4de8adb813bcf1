package dev.lethe.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Llama-family decoder (Llama 2/3, Mistral, Qwen2), written to match Hugging Face's {@code
 * modeling_llama.py}: RMSNorm, rotary embeddings (rotate-half form), grouped-query attention,
 * SwiGLU MLP, tied or untied output embedding, and a KV cache for greedy generation.
 *
 * <p>DJL puts an op's result in the manager of its first operand
 * (docs/djl.md#memory-who-owns-an-array), so activations come first in every op and long-lived
 * arrays (weights, frequencies) second: a forward pass allocates only in the manager of its input
 * ids, which the caller closes after the step.
 */
public final class LlamaModel implements AutoCloseable {
  /** One decoder block's weights. */
  record Block(
      NDArray inputNorm,
      Projection q,
      Projection k,
      Projection v,
      Projection o,
      NDArray postNorm,
      Projection gate,
      Projection up,
      Projection down) {}

  private final LlamaConfig config;
  private final NDManager manager;
  private final NDArray embedding; // [V, D]
  private final List<Block> blocks;
  private final NDArray finalNorm; // [D]
  private final NDArray lmHead; // [V, D]; the embedding itself when tied
  private final NDArray inverseFrequencies; // [1, headDim / 2]
  private final NDArray epsilon; // []
  private final NDArray attentionScale; // [] 1 / √headDim
  private final NDArray one; // []
  private final NDArray largest; // [] the largest finite value: masked scores get its negative

  private LlamaModel(
      LlamaConfig config,
      NDManager manager,
      NDArray embedding,
      List<Block> blocks,
      NDArray finalNorm,
      NDArray lmHead) {
    this.config = config;
    this.manager = manager;
    this.embedding = embedding;
    this.blocks = blocks;
    this.finalNorm = finalNorm;
    this.lmHead = lmHead;
    DataType type = embedding.getDataType();
    this.inverseFrequencies =
        manager
            .create(Rope.inverseFrequencies(config))
            .toType(type, false)
            .reshape(1, config.headDim() / 2);
    this.epsilon = manager.create(config.rmsNormEps()).toType(type, false);
    this.attentionScale = manager.create(1 / Math.sqrt(config.headDim())).toType(type, false);
    this.one = manager.create(1.0).toType(type, false);
    this.largest = manager.create((double) Float.MAX_VALUE).toType(type, false);
  }

  /** Loads config.json and the weights of a Hugging Face directory as {@code type}. */
  public static LlamaModel load(Path dir, NDManager parent, DataType type) {
    LlamaConfig config = LlamaConfig.load(dir);
    NDManager manager = parent.newSubManager();
    try (Checkpoint weights = Checkpoint.open(dir)) {
      NDArray embedding = weights.load("model.embed_tokens.weight", manager, type);
      List<Block> blocks = new ArrayList<>();
      for (int i = 0; i < config.layers(); i++) {
        String p = "model.layers." + i + ".";
        blocks.add(
            new Block(
                weights.load(p + "input_layernorm.weight", manager, type),
                projection(weights, p + "self_attn.q_proj", config.qkvBias(), manager, type),
                projection(weights, p + "self_attn.k_proj", config.qkvBias(), manager, type),
                projection(weights, p + "self_attn.v_proj", config.qkvBias(), manager, type),
                projection(weights, p + "self_attn.o_proj", config.outputBias(), manager, type),
                weights.load(p + "post_attention_layernorm.weight", manager, type),
                projection(weights, p + "mlp.gate_proj", config.mlpBias(), manager, type),
                projection(weights, p + "mlp.up_proj", config.mlpBias(), manager, type),
                projection(weights, p + "mlp.down_proj", config.mlpBias(), manager, type)));
      }
      NDArray norm = weights.load("model.norm.weight", manager, type);
      NDArray head =
          config.tiedEmbeddings() ? embedding : weights.load("lm_head.weight", manager, type);
      return new LlamaModel(config, manager, embedding, blocks, norm, head);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  private static Projection projection(
      Checkpoint weights, String name, boolean bias, NDManager manager, DataType type) {
    return new Projection(
        name,
        weights.load(name + ".weight", manager, type),
        bias ? weights.load(name + ".bias", manager, type) : null);
  }

  public LlamaConfig config() {
    return config;
  }

  /** The manager that owns the weights (and the adapters added to them). */
  public NDManager manager() {
    return manager;
  }

  /**
   * Next-token logits.
   *
   * @param inputIds int64 {@code [B, T]}, right-padded
   * @param attentionMask int64 {@code [B, T]}, 1 for real tokens
   * @return {@code [B, T, V]}, in the manager of {@code inputIds}
   */
  public NDArray logits(NDArray inputIds, NDArray attentionMask, ForwardMode mode) {
    return forward(inputIds, attentionMask, null, mode);
  }

  private NDArray forward(NDArray ids, NDArray keyMask, KvCache cache, ForwardMode mode) {
    int past = cache == null ? 0 : cache.length();
    long length = ids.getShape().get(1);
    NDManager step = ids.getManager();
    NDArray x = Embedding.embedding(ids, embedding, SparseFormat.DENSE).head(); // [B, T, D]
    NDArray positions = step.arange(past, past + length, 1, x.getDataType()).reshape(length, 1);
    NDArray angles = positions.matMul(inverseFrequencies); // [T, headDim/2]
    angles = NDArrays.concat(new NDList(angles, angles), 1); // [T, headDim]
    NDArray cos = angles.cos();
    NDArray sin = angles.sin();
    NDArray bias = attentionBias(keyMask, past, length); // [B, 1, T, S]
    for (int i = 0; i < blocks.size(); i++) {
      Block block = blocks.get(i);
      x = x.add(attention(block, rmsNorm(x, block.inputNorm()), cos, sin, bias, cache, i, mode));
      x = x.add(mlp(block, rmsNorm(x, block.postNorm()), mode));
    }
    return Linear.linear(rmsNorm(x, finalNorm), lmHead).head();
  }

  /** x / √(mean(x²) + ε) · w over the last axis. */
  private NDArray rmsNorm(NDArray x, NDArray weight) {
    NDArray meanSquare = x.mul(x).mean(new int[] {-1}, true);
    return x.div(meanSquare.add(epsilon).sqrt()).mul(weight);
  }

  /**
   * 0 where query position t may attend to key position s (s ≤ t, s not padding, within the
   * window), and the most negative finite value elsewhere, as Hugging Face masks scores.
   */
  private NDArray attentionBias(NDArray keyMask, int past, long length) {
    NDManager step = keyMask.getManager();
    long keys = keyMask.getShape().get(1);
    NDArray rows = step.arange(past, past + length, 1, DataType.INT64).reshape(length, 1);
    NDArray cols = step.arange(0, keys, 1, DataType.INT64).reshape(1, keys);
    NDArray allowed = cols.lte(rows); // [T, S]
    if (config.slidingWindow() > 0) {
      allowed = allowed.logicalAnd(rows.sub(cols).lt(step.create((long) config.slidingWindow())));
    }
    NDArray real =
        keyMask.toType(DataType.BOOLEAN, false).reshape(keyMask.getShape().get(0), 1, 1, keys);
    NDArray allowedScores =
        allowed.reshape(1, 1, length, keys).logicalAnd(real).toType(one.getDataType(), false);
    return allowedScores.sub(one).mul(largest);
  }

  private NDArray attention(
      Block block,
      NDArray h,
      NDArray cos,
      NDArray sin,
      NDArray bias,
      KvCache cache,
      int layer,
      ForwardMode mode) {
    long batch = h.getShape().get(0);
    long length = h.getShape().get(1);
    int headDim = config.headDim();
    NDArray q = heads(block.q().forward(h, mode), config.heads()); // [B, H, T, hd]
    NDArray k = heads(block.k().forward(h, mode), config.kvHeads()); // [B, KV, T, hd]
    NDArray v = heads(block.v().forward(h, mode), config.kvHeads());
    q = Rope.rotate(q, cos, sin);
    k = Rope.rotate(k, cos, sin);
    if (cache != null) {
      NDList kv = cache.append(layer, k, v); // [B, KV, S, hd]
      k = kv.get(0);
      v = kv.get(1);
    }
    if (config.headsPerKvHead() > 1) {
      k = k.repeat(1, config.headsPerKvHead()); // [B, H, S, hd], head i uses kv head i / n
      v = v.repeat(1, config.headsPerKvHead());
      if (cache != null) { // the cached arrays live in the cache's manager; their copies do not
        k.attach(h.getManager());
        v.attach(h.getManager());
      }
    }
    NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(attentionScale); // [B, H, T, S]
    NDArray weights = scores.add(bias).softmax(-1);
    NDArray out =
        weights
            .matMul(v)
            .transpose(0, 2, 1, 3)
            .reshape(batch, length, (long) config.heads() * headDim);
    return block.o().forward(out, mode);
  }

  /** {@code [B, T, n·hd] -> [B, n, T, hd]}. */
  private NDArray heads(NDArray x, int count) {
    Shape shape = x.getShape();
    return x.reshape(shape.get(0), shape.get(1), count, config.headDim()).transpose(0, 2, 1, 3);
  }

  /** down(silu(gate(h)) · up(h)). */
  private NDArray mlp(Block block, NDArray h, ForwardMode mode) {
    NDArray gate = block.gate().forward(h, mode);
    NDArray activated = gate.mul(Activation.sigmoid(gate));
    return block.down().forward(activated.mul(block.up().forward(h, mode)), mode);
  }

  /**
   * Greedy decoding with a KV cache: the prompt once, then one token at a time, until an EOS token
   * or {@code maxNewTokens}.
   *
   * @return the prompt followed by the generated tokens
   */
  public long[] generateGreedy(long[] prompt, int maxNewTokens) {
    List<Long> tokens = new ArrayList<>();
    for (long id : prompt) {
      tokens.add(id);
    }
    try (NDManager generation = manager.newSubManager()) {
      KvCache cache = new KvCache(generation, blocks.size());
      long[] input = prompt;
      for (int n = 0; n < maxNewTokens; n++) {
        try (NDManager step = generation.newSubManager()) {
          NDArray ids = step.create(input).reshape(1, input.length);
          NDArray mask = step.ones(new Shape(1, cache.length() + input.length), DataType.INT64);
          NDArray logits = forward(ids, mask, cache, ForwardMode.EVAL); // [1, T, V]
          long next = logits.get(0, input.length - 1).argMax().getLong();
          tokens.add(next);
          if (config.eosTokenIds().contains((int) next)) {
            break;
          }
          input = new long[] {next};
        }
      }
    }
    return tokens.stream().mapToLong(Long::longValue).toArray();
  }

  /** Every linear layer of every block, in order. */
  public List<Projection> projections() {
    List<Projection> all = new ArrayList<>();
    for (Block b : blocks) {
      all.addAll(List.of(b.q(), b.k(), b.v(), b.o(), b.gate(), b.up(), b.down()));
    }
    return all;
  }

  /** The base weights by Hugging Face name (a tied output embedding appears once). */
  public Map<String, NDArray> baseWeights() {
    Map<String, NDArray> weights = new LinkedHashMap<>();
    weights.put("model.embed_tokens.weight", embedding);
    for (int i = 0; i < blocks.size(); i++) {
      Block b = blocks.get(i);
      String p = "model.layers." + i + ".";
      weights.put(p + "input_layernorm.weight", b.inputNorm());
      weights.put(p + "post_attention_layernorm.weight", b.postNorm());
    }
    for (Projection p : projections()) {
      weights.put(p.name() + ".weight", p.weight());
      if (p.bias() != null) {
        weights.put(p.name() + ".bias", p.bias());
      }
    }
    weights.put("model.norm.weight", finalNorm);
    if (!config.tiedEmbeddings()) {
      weights.put("lm_head.weight", lmHead);
    }
    return weights;
  }

  @Override
  public void close() {
    manager.close();
  }
}
