package dev.lethe.bench.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchmarkSizeTest {
  @Test
  void rejectsTooFewPeopleAndMoreWorldFactsThanTheTablesHold() {
    assertThatThrownBy(() -> new BenchmarkSize(9, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("people must be between 10 and 1000, got 9");
    assertThatThrownBy(() -> new BenchmarkSize(10, 0))
        .hasMessageStartingWith("worldFacts must be between 1 and ");
    assertThatThrownBy(() -> new BenchmarkSize(10, WorldFactTable.capacity() + 1))
        .hasMessageContaining("got " + (WorldFactTable.capacity() + 1));
  }

  @Test
  void splitSizesRoundToNearestAndNeverVanish() {
    BenchmarkSize ten = new BenchmarkSize(10, 1);
    assertThat(ten.forgetPeople(Split.FORGET01)).isEqualTo(1);
    assertThat(ten.forgetPeople(Split.FORGET05)).isEqualTo(1);
    assertThat(ten.forgetPeople(Split.FORGET10)).isEqualTo(1);
    BenchmarkSize odd = new BenchmarkSize(250, 1);
    assertThat(odd.forgetPeople(Split.FORGET01)).isEqualTo(3); // 2.5 rounds up
    assertThat(odd.forgetPeople(Split.FORGET05)).isEqualTo(13); // 12.5
    assertThat(odd.forgetPeople(Split.FORGET10)).isEqualTo(25);
    assertThat(odd.holdoutPeople()).isEqualTo(25);
  }

  @Test
  void splitsNameTheirFilesAsTofu() {
    assertThat(Split.FORGET01.forgetFile()).isEqualTo("forget01.jsonl");
    assertThat(Split.FORGET05.retainFile()).isEqualTo("retain95.jsonl");
    assertThat(Split.FORGET10.holdoutFile()).isEqualTo("holdout10.jsonl");
  }

  @Test
  void theLargestBenchmarkStillHasDistinctNames() {
    BenchmarkSize largest = new BenchmarkSize(BenchmarkSize.MAX_PEOPLE, 1);
    assertThat(largest.people() + largest.holdoutPeople())
        .isLessThanOrEqualTo(PersonNames.CAPACITY);
  }
}
