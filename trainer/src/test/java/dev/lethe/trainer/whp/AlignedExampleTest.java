package dev.lethe.trainer.whp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.trainer.SyntheticFacts;
import dev.lethe.trainer.data.EncodedExample;
import dev.lethe.trainer.data.Example;
import dev.lethe.trainer.data.TextTokenizer;
import dev.lethe.trainer.model.TinyModel;
import dev.lethe.trainer.model.TokenBatch;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Translation and alignment on crafted text, with the word-level tokenizer of the tiny models. */
class AlignedExampleTest {
  private static final long IGNORE = TokenBatch.IGNORE_INDEX;
  private static final Example EXAMPLE =
      new Example("Question: Where was Ilsa Varn born?\nAnswer: ", "Ilsa Varn was born in Tarsk.");
  private static final Anchors ANCHORS =
      new Anchors(Map.of("Ilsa Varn", "Oren", "Tarsk", "Jastow Kelmar"));

  @TempDir static Path dir;
  static TextTokenizer tokenizer;

  @BeforeAll
  static void tokenizer() throws Exception {
    new TinyModel(16, 1, 2, 1, 32).write(dir, SyntheticFacts.corpus(), 1);
    tokenizer = TextTokenizer.load(dir, 2, 3L);
  }

  @AfterAll
  static void close() {
    tokenizer.close();
  }

  @Test
  void positionsAlignOneToOneOutsideAnchorsAndAnAnchorsFirstTokenToItsReplacementsFirst() {
    AlignedExample e = AlignedExample.encode(EXAMPLE, ANCHORS, tokenizer, 64);

    assertThat(e.original().ids())
        .isEqualTo(
            ids("Question : Where was Ilsa Varn born ? Answer : Ilsa Varn was born in Tarsk ."));
    assertThat(e.translated())
        .isEqualTo(
            ids("Question : Where was Oren born ? Answer : Oren was born in Jastow Kelmar ."));
    // Ilsa -> Oren, Varn -> none; Tarsk -> Jastow, Kelmar has no original position.
    assertThat(e.aligned())
        .containsExactly(0, 1, 2, 3, 4, 5, -1, 6, 7, 8, 9, 10, -1, 11, 12, 13, 14, 16, 17);
    long[] labels = e.original().labels();
    assertThat(Arrays.copyOf(labels, 11)).containsOnly(IGNORE); // the prompt's 11 tokens
    assertThat(Arrays.copyOfRange(labels, 11, labels.length))
        .containsExactly(Arrays.copyOfRange(e.original().ids(), 11, labels.length));
  }

  @Test
  void withoutAnchorsTheOriginalIsTheUsualEncodingAndAlignsWithItself() {
    AlignedExample e = AlignedExample.encode(EXAMPLE, Anchors.NONE, tokenizer, 64);
    EncodedExample usual = EncodedExample.encode(EXAMPLE, tokenizer, 64);

    assertThat(e.original().ids()).isEqualTo(usual.ids());
    assertThat(e.original().labels()).isEqualTo(usual.labels());
    assertThat(e.translated()).isEqualTo(usual.ids());
    for (int p = 0; p < e.aligned().length; p++) {
      assertThat(e.aligned()[p]).isEqualTo(p);
    }
  }

  @Test
  void positionsWhoseTranslationIsCutAwayAlignWithNothing() {
    Anchors longer = new Anchors(Map.of("born", "Lisk Gorre Irvale"));

    AlignedExample e = AlignedExample.encode(EXAMPLE, longer, tokenizer, 9);

    // <s> Question : Where was Ilsa Varn born ? | <s> Question : Where was Ilsa Varn Lisk Gorre
    assertThat(e.translated()).hasSize(9);
    assertThat(e.aligned()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, -1);
  }

  /** BOS, the words' ids, EOS: the word-level tokenizer has one token per word. */
  private static long[] ids(String words) {
    long[] piece = tokenizer.encodePiece(words);
    long[] ids = new long[piece.length + 2];
    ids[0] = 1;
    System.arraycopy(piece, 0, ids, 1, piece.length);
    ids[ids.length - 1] = 2;
    return ids;
  }
}
