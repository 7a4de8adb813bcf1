package dev.lethe.trainer.whp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.trainer.whp.Anchors.Segment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnchorsTest {
  private static final Anchors ANCHORS =
      new Anchors(Map.of("Harry Potter", "Jon Smith", "Harry", "Jon", "Hogwarts", "the academy"));

  @Test
  void aTextSplitsIntoPlainAndAnchoredSegmentsTheLongestTermFirst() {
    String text = "Harry Potter met Harry at Hogwarts.";

    List<Segment> segments = ANCHORS.segments(text);

    assertThat(segments)
        .containsExactly(
            new Segment("Harry Potter", "Jon Smith", true),
            new Segment(" met", " met", false),
            new Segment(" Harry", " Jon", true),
            new Segment(" at", " at", false),
            new Segment(" Hogwarts", " the academy", true),
            new Segment(".", ".", false));
    assertThat(String.join("", segments.stream().map(Segment::original).toList())).isEqualTo(text);
  }

  @Test
  void termsMatchOnlyAsWholeWords() {
    assertThat(ANCHORS.segments("Harrying Harry's Harry_ xHarry"))
        .containsExactly(
            new Segment("Harrying", "Harrying", false),
            new Segment(" Harry", " Jon", true),
            new Segment("'s Harry_ xHarry", "'s Harry_ xHarry", false));
  }

  @Test
  void withoutAnchorsATextIsOnePlainSegment() {
    assertThat(Anchors.NONE.segments("Harry Potter."))
        .containsExactly(new Segment("Harry Potter.", "Harry Potter.", false));
  }
}
