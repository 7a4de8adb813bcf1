package dev.lethe.trainer.data;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.lethe.trainer.files.ReadErrors;
import dev.lethe.trainer.model.LlamaConfig;
import dev.lethe.trainer.model.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model's {@code tokenizer.json} through DJL's Hugging Face tokenizers binding (offline), with
 * the ids training needs: the end-of-sequence token appended to targets and the padding token.
 */
public final class TextTokenizer implements AutoCloseable {
  /** Where serde_json, under the tokenizers library, says it stopped. */
  private static final Pattern PLACE = Pattern.compile("line (\\d+) column (\\d+)");

  private final HuggingFaceTokenizer tokenizer;
  private final long eosId;
  private final long padId;

  private TextTokenizer(HuggingFaceTokenizer tokenizer, long eosId, long padId) {
    this.tokenizer = tokenizer;
    this.eosId = eosId;
    this.padId = padId;
  }

  /** The tokenizer of a model directory, with the model's EOS and pad ids. */
  public static TextTokenizer load(Path dir, LlamaConfig config) {
    return load(dir, config.eosTokenIds().get(0), config.padTokenId());
  }

  /** Loads {@code dir/tokenizer.json}; padding uses the model's pad id, or EOS as TOFU does. */
  public static TextTokenizer load(Path dir, long eosId, Long padId) {
    Path file = dir.resolve("tokenizer.json");
    if (!Files.isRegularFile(file)) {
      throw new ModelLoadException(
          "no tokenizer.json in model directory "
              + dir
              + ": Lethe reads Hugging Face fast tokenizers");
    }
    try {
      HuggingFaceTokenizer tokenizer =
          HuggingFaceTokenizer.newInstance(
              file, Map.of("padding", "false", "truncation", "false", "addSpecialTokens", "true"));
      return new TextTokenizer(tokenizer, eosId, padId == null ? eosId : padId);
    } catch (IOException e) {
      throw new ModelLoadException(ReadErrors.describe(file, e));
    } catch (RuntimeException e) {
      throw new ModelLoadException(refused(file, e.getMessage()));
    }
  }

  /**
   * The tokenizers library's message quotes the file ({@code invalid type: string "...", expected
   * ...}): only its place is kept.
   */
  static String refused(Path file, String message) {
    Matcher at = PLACE.matcher(message == null ? "" : message);
    return (at.find() ? file + " line " + at.group(1) + ", column " + at.group(2) : file.toString())
        + ": not a tokenizer.json that Hugging Face tokenizers can load";
  }

  /** Token ids of {@code text}, with the special tokens the tokenizer adds (e.g. BOS). */
  public long[] encode(String text) {
    return tokenizer.encode(text, true, false).getIds();
  }

  /** Token ids of {@code text} alone, without special tokens: a piece of a longer text. */
  public long[] encodePiece(String text) {
    return tokenizer.encode(text, false, false).getIds();
  }

  public String decode(long[] ids) {
    return tokenizer.decode(ids, true);
  }

  public long eosId() {
    return eosId;
  }

  public long padId() {
    return padId;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
