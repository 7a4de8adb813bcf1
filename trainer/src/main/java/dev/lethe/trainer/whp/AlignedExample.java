package dev.lethe.trainer.whp;

import dev.lethe.trainer.data.EncodedExample;
import dev.lethe.trainer.data.Example;
import dev.lethe.trainer.data.TextTokenizer;
import dev.lethe.trainer.model.TokenBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A forget example and its anchored translation, tokenised segment by segment so that their
 * positions align (docs/methods.md#whp-stages): outside anchored terms one to one; an anchored
 * term's first token to its replacement's first token; the term's other tokens to none.
 *
 * @param original the ids and labels WHP trains on; labels mask the prompt as {@link
 *     EncodedExample#encode} does
 * @param translated the ids of the translated text
 * @param aligned for each original position, the translated position it takes its label from, or -1
 *     for none
 */
public record AlignedExample(EncodedExample original, long[] translated, int[] aligned) {
  private static final int NONE = -1;

  /**
   * The special tokens the tokenizer puts before any text (e.g. BOS) start both; each segment is
   * then tokenised alone; one EOS ends both; both are cut to {@code maxLength}. Without anchored
   * terms the original is {@link EncodedExample#encode}'s for tokenizers that add special tokens
   * only before a text, as those of Llama, Mistral and Qwen do.
   */
  public static AlignedExample encode(
      Example example, Anchors anchors, TextTokenizer tokenizer, int maxLength) {
    String text = example.prompt() + example.target();
    int promptEnd = example.prompt().length();
    List<Long> original = new ArrayList<>();
    List<Long> translated = new ArrayList<>();
    List<Integer> aligned = new ArrayList<>();
    for (long special : tokenizer.encode("")) {
      aligned.add(translated.size());
      original.add(special);
      translated.add(special);
    }
    int promptTokens = promptEnd == 0 ? 0 : NONE;
    int at = 0;
    for (Anchors.Segment segment : anchors.segments(text)) {
      int end = at + segment.original().length();
      if (promptTokens == NONE && end >= promptEnd) { // TOFU's count: the prompt's own tokens
        promptTokens =
            original.size() + tokenizer.encodePiece(text.substring(at, promptEnd)).length;
      }
      long[] ids = tokenizer.encodePiece(segment.original());
      long[] replacement = segment.anchored() ? tokenizer.encodePiece(segment.translated()) : ids;
      for (int k = 0; k < ids.length; k++) {
        boolean takesLabel = !segment.anchored() || (k == 0 && replacement.length > 0);
        aligned.add(takesLabel ? translated.size() + k : NONE);
        original.add(ids[k]);
      }
      for (long id : replacement) {
        translated.add(id);
      }
      at = end;
    }
    aligned.add(translated.size());
    original.add(tokenizer.eosId());
    translated.add(tokenizer.eosId());

    long[] ids = cut(original, maxLength);
    long[] labels = ids.clone();
    Arrays.fill(labels, 0, Math.min(promptTokens, labels.length), TokenBatch.IGNORE_INDEX);
    long[] translatedIds = cut(translated, maxLength);
    int[] alignment = new int[ids.length];
    for (int p = 0; p < ids.length; p++) {
      alignment[p] = aligned.get(p) < translatedIds.length ? aligned.get(p) : NONE;
    }
    return new AlignedExample(new EncodedExample(ids, labels), translatedIds, alignment);
  }

  private static long[] cut(List<Long> ids, int maxLength) {
    return ids.stream().limit(maxLength).mapToLong(Long::longValue).toArray();
  }
}
