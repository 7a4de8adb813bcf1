package dev.lethe.trainer.data;

import ai.djl.ndarray.NDManager;
import dev.lethe.contract.DataConfig;
import dev.lethe.contract.DataFormat;
import dev.lethe.trainer.data.Pairing.Pair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/** A job's forget, retain and refusal data, tokenised once, and batched per micro-step. */
public final class UnlearningData {
  private final List<Example> forgetExamples;
  private final List<EncodedExample> forget;
  private final List<EncodedExample> retain;
  private final List<String> refusals;
  private final TextTokenizer tokenizer;
  private final int maxLength;
  private final long seed;
  private final SplittableRandom refusalChoice;

  private UnlearningData(
      List<Example> forgetExamples,
      List<EncodedExample> forget,
      List<EncodedExample> retain,
      List<String> refusals,
      TextTokenizer tokenizer,
      int maxLength,
      long seed) {
    this.forgetExamples = forgetExamples;
    this.forget = forget;
    this.retain = retain;
    this.refusals = refusals;
    this.tokenizer = tokenizer;
    this.maxLength = maxLength;
    this.seed = seed;
    this.refusalChoice = new SplittableRandom(seed);
  }

  /** Reads and tokenises the job's forget and retain files. */
  public static UnlearningData load(
      DataConfig config, TextTokenizer tokenizer, int maxLength, long seed) {
    List<Example> forgetExamples = read(Path.of(config.forget()), config);
    List<EncodedExample> retain =
        config.retain() == null
            ? List.of()
            : encode(read(Path.of(config.retain()), config), tokenizer, maxLength, config.retain());
    return new UnlearningData(
        forgetExamples,
        encode(forgetExamples, tokenizer, maxLength, config.forget()),
        retain,
        List.of(),
        tokenizer,
        maxLength,
        seed);
  }

  /** The examples of one file in the job's format. */
  public static List<Example> read(Path file, DataConfig config) {
    return config.format() == DataFormat.QA
        ? JsonlFile.readQa(file, config.promptTemplate())
        : JsonlFile.readText(file);
  }

  /** The evaluation items of one file in the job's format. */
  public static List<EvaluationItem> readEvaluation(Path file, DataConfig config) {
    return config.format() == DataFormat.QA
        ? JsonlFile.readEvaluationQa(file, config.promptTemplate())
        : JsonlFile.readText(file).stream()
            .map(e -> new EvaluationItem("", e.target(), null, List.of()))
            .toList();
  }

  /**
   * Encodes every example; one whose target is cut away entirely is an error, not a silent no-op.
   */
  public static List<EncodedExample> encode(
      List<Example> examples, TextTokenizer tokenizer, int maxLength, String source) {
    List<EncodedExample> encoded = new ArrayList<>(examples.size());
    for (int i = 0; i < examples.size(); i++) {
      EncodedExample e = EncodedExample.encode(examples.get(i), tokenizer, maxLength);
      if (e.targetTokens() == 0) {
        throw new InvalidDataException(
            source
                + ": example "
                + (i + 1)
                + " has no target tokens left within maxSeqLen "
                + maxLength
                + " (its prompt is too long)");
      }
      encoded.add(e);
    }
    return encoded;
  }

  /** The refusal answers written for the project (docs/methods.md#refusals). */
  public static List<String> bundledRefusals() {
    try (var in = UnlearningData.class.getResourceAsStream("refusals.jsonl")) {
      return JsonlFile.readStrings("bundled refusals.jsonl", in);
    } catch (IOException e) {
      throw new UncheckedIOException("bundled refusals.jsonl cannot be read", e);
    }
  }

  public List<EncodedExample> forget() {
    return forget;
  }

  /** The forget examples as read, before tokenisation. */
  public List<Example> forgetExamples() {
    return forgetExamples;
  }

  /** The same data with other encodings of the forget examples (WHP's generic labels). */
  public UnlearningData withForget(List<EncodedExample> encoded) {
    if (encoded.size() != forget.size()) {
      throw new IllegalArgumentException(
          "expected " + forget.size() + " forget encodings, got " + encoded.size());
    }
    return new UnlearningData(
        forgetExamples, encoded, retain, refusals, tokenizer, maxLength, seed);
  }

  /**
   * The same data with refusal answers, one drawn for each forget question in every batch (IdkDPO's
   * preferred answers).
   */
  public UnlearningData withRefusals(List<String> answers) {
    return new UnlearningData(
        forgetExamples, forget, retain, List.copyOf(answers), tokenizer, maxLength, seed);
  }

  /**
   * {@code count} of the forget examples, drawn with {@code seed} (all of them when there are
   * fewer), without the retain set or refusals: what a relearning attack trains on.
   */
  public UnlearningData someForget(int count, long seed) {
    List<Integer> order = new ArrayList<>(IntStream.range(0, forget.size()).boxed().toList());
    Collections.shuffle(order, new Random(seed));
    List<Integer> chosen = order.subList(0, Math.min(count, order.size()));
    return new UnlearningData(
        chosen.stream().map(forgetExamples::get).toList(),
        chosen.stream().map(forget::get).toList(),
        List.of(),
        List.of(),
        tokenizer,
        maxLength,
        seed);
  }

  /** The same data without the retain set (WHP's reinforcement trains on the forget set alone). */
  public UnlearningData withoutRetain() {
    return new UnlearningData(
        forgetExamples, forget, List.of(), refusals, tokenizer, maxLength, seed);
  }

  public List<EncodedExample> retain() {
    return retain;
  }

  public long padId() {
    return tokenizer.padId();
  }

  /** The micro-batch of these pairs; refusals are drawn afresh per example and fetch (IdkDPO). */
  public UnlearningBatch batch(List<Pair> pairs, NDManager manager) {
    List<EncodedExample> f = new ArrayList<>();
    List<EncodedExample> r = new ArrayList<>();
    List<EncodedExample> idk = new ArrayList<>();
    for (Pair pair : pairs) {
      f.add(forget.get(pair.forget()));
      if (pair.retain() >= 0) {
        r.add(retain.get(pair.retain()));
      }
      if (!refusals.isEmpty()) {
        String refusal = refusals.get(refusalChoice.nextInt(refusals.size()));
        Example question = forgetExamples.get(pair.forget());
        idk.add(
            EncodedExample.encode(new Example(question.prompt(), refusal), tokenizer, maxLength));
      }
    }
    long pad = tokenizer.padId();
    return new UnlearningBatch(
        Batches.collate(f, pad, manager),
        r.isEmpty() ? null : Batches.collate(r, pad, manager),
        idk.isEmpty() ? null : Batches.collate(idk, pad, manager));
  }
}
