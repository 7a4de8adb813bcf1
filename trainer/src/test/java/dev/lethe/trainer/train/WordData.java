package dev.lethe.trainer.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.contract.DataConfig;
import dev.lethe.contract.DataFormat;
import dev.lethe.trainer.data.TextTokenizer;
import dev.lethe.trainer.data.UnlearningData;
import dev.lethe.trainer.model.TinyModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Text data for training tests: a word-level tokenizer (a tiny model's, one token per word) over
 * the texts, and the texts as forget and retain JSONL files.
 */
final class WordData implements AutoCloseable {
  private final Path dir;
  private final TextTokenizer tokenizer;
  private final int vocabulary;

  private WordData(Path dir, TextTokenizer tokenizer, int vocabulary) {
    this.dir = dir;
    this.tokenizer = tokenizer;
    this.vocabulary = vocabulary;
  }

  /**
   * Writes {@code forget.jsonl}, {@code retain.jsonl} and a tokenizer for both into {@code dir}.
   */
  static WordData write(Path dir, List<String> forget, List<String> retain) throws IOException {
    Path model = dir.resolve("model");
    List<String> corpus = new ArrayList<>(forget);
    corpus.addAll(retain);
    new TinyModel(8, 1, 1, 1, 16).write(model, corpus, 1);
    writeTexts(dir.resolve("forget.jsonl"), forget);
    writeTexts(dir.resolve("retain.jsonl"), retain);
    int vocabulary =
        new ObjectMapper()
            .readTree(model.resolve("config.json").toFile())
            .get("vocab_size")
            .asInt();
    return new WordData(dir, TextTokenizer.load(model, 2, 3L), vocabulary);
  }

  private static void writeTexts(Path file, List<String> texts) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String text : texts) {
      lines.add(new ObjectMapper().createObjectNode().put("text", text).toString());
    }
    Files.write(file, lines);
  }

  /** The forget texts alone. */
  UnlearningData forgetOnly() {
    return UnlearningData.load(config(null), tokenizer, 16, 0);
  }

  /** The forget texts, each paired with a retain text. */
  UnlearningData withRetain() {
    return UnlearningData.load(config(dir.resolve("retain.jsonl").toString()), tokenizer, 16, 0);
  }

  private DataConfig config(String retain) {
    return new DataConfig(
        dir.resolve("forget.jsonl").toString(), retain, DataFormat.TEXT, null, null, null);
  }

  int vocabulary() {
    return vocabulary;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
