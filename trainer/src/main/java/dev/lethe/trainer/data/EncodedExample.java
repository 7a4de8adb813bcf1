package dev.lethe.trainer.data;

import dev.lethe.trainer.model.TokenBatch;
import java.util.Arrays;

/**
 * An example as token ids and labels of the same length: labels are the ids, with {@link
 * TokenBatch#IGNORE_INDEX} over the prompt (docs/methods.md#examples-and-labels).
 */
public record EncodedExample(long[] ids, long[] labels) {

  /**
   * TOFU's encoding ({@code data_module.py: convert_raw_data_to_model_format}): tokenise prompt and
   * target together, append one EOS, mask as many leading labels as the prompt alone has tokens,
   * then cut to {@code maxLength}. The loss covers the target and the EOS.
   */
  public static EncodedExample encode(Example example, TextTokenizer tokenizer, int maxLength) {
    long[] full = tokenizer.encode(example.prompt() + example.target());
    int promptTokens = example.prompt().isEmpty() ? 0 : tokenizer.encode(example.prompt()).length;
    long[] ids = Arrays.copyOf(full, full.length + 1);
    ids[full.length] = tokenizer.eosId();
    long[] labels = ids.clone();
    Arrays.fill(labels, 0, Math.min(promptTokens, labels.length), TokenBatch.IGNORE_INDEX);
    int length = Math.min(ids.length, maxLength);
    return new EncodedExample(Arrays.copyOf(ids, length), Arrays.copyOf(labels, length));
  }

  /** Tokens that take a loss. */
  public long targetTokens() {
    return Arrays.stream(labels).filter(l -> l != TokenBatch.IGNORE_INDEX).count();
  }
}
