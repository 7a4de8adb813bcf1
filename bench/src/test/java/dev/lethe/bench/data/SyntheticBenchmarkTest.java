package dev.lethe.bench.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticBenchmarkTest {
  private static final SyntheticBenchmark DEFAULT =
      SyntheticBenchmark.generate(BenchmarkSize.DEFAULT, 42);
  private static final SyntheticBenchmark QUICK =
      SyntheticBenchmark.generate(BenchmarkSize.QUICK, 7);

  @Test
  void defaultSizeHasTofuShapedSplitsOfAThousandQa() {
    assertThat(counts(DEFAULT))
        .containsExactly(
            Map.entry("full.jsonl", 1000),
            Map.entry("forget01.jsonl", 10),
            Map.entry("retain99.jsonl", 990),
            Map.entry("holdout01.jsonl", 10),
            Map.entry("forget05.jsonl", 50),
            Map.entry("retain95.jsonl", 950),
            Map.entry("holdout05.jsonl", 50),
            Map.entry("forget10.jsonl", 100),
            Map.entry("retain90.jsonl", 900),
            Map.entry("holdout10.jsonl", 100),
            Map.entry("retain_eval.jsonl", 100),
            Map.entry("world_facts.jsonl", 60));
  }

  @Test
  void quickSizeGivesEverySplitAtLeastOnePerson() {
    assertThat(counts(QUICK))
        .containsExactly(
            Map.entry("full.jsonl", 200),
            Map.entry("forget01.jsonl", 10),
            Map.entry("retain99.jsonl", 190),
            Map.entry("holdout01.jsonl", 10),
            Map.entry("forget05.jsonl", 10),
            Map.entry("retain95.jsonl", 190),
            Map.entry("holdout05.jsonl", 10),
            Map.entry("forget10.jsonl", 20),
            Map.entry("retain90.jsonl", 180),
            Map.entry("holdout10.jsonl", 20),
            Map.entry("retain_eval.jsonl", 20),
            Map.entry("world_facts.jsonl", 20));
  }

  @Test
  void forgetSplitsAreNestedAndTheLastPeople() {
    for (SyntheticBenchmark benchmark : List.of(DEFAULT, QUICK)) {
      List<QaItem> full = benchmark.full();
      List<QaItem> forget10 = benchmark.forget(Split.FORGET10);
      assertThat(full.subList(full.size() - forget10.size(), full.size())).isEqualTo(forget10);
      assertThat(forget10).containsAll(benchmark.forget(Split.FORGET05));
      assertThat(benchmark.forget(Split.FORGET05)).containsAll(benchmark.forget(Split.FORGET01));
      List<QaItem> holdout10 = benchmark.holdout(Split.FORGET10);
      assertThat(holdout10).containsAll(benchmark.holdout(Split.FORGET05));
      assertThat(benchmark.holdout(Split.FORGET05)).containsAll(benchmark.holdout(Split.FORGET01));
    }
  }

  @Test
  void forgetAndRetainAreDisjointAndMakeFull() {
    for (SyntheticBenchmark benchmark : List.of(DEFAULT, QUICK)) {
      for (Split split : Split.values()) {
        List<QaItem> union = new ArrayList<>(benchmark.retain(split));
        union.addAll(benchmark.forget(split));
        assertThat(union).isEqualTo(benchmark.full());
        assertThat(benchmark.retain(split)).doesNotContainAnyElementsOf(benchmark.forget(split));
      }
    }
  }

  @Test
  void retainEvalIsTheFirstQaOfPeopleInNoForgetSplit() {
    List<QaItem> retainEval = DEFAULT.retainEval();
    assertThat(retainEval).isEqualTo(DEFAULT.full().subList(0, retainEval.size()));
    assertThat(retainEval).doesNotContainAnyElementsOf(DEFAULT.forget(Split.FORGET10));
  }

  @Test
  void namesAreUniqueAndHoldoutPeopleAreNeverTrained() {
    List<String> trained = DEFAULT.people().stream().map(Person::name).toList();
    List<String> holdout = DEFAULT.holdoutPeople().stream().map(Person::name).toList();
    Set<String> all = new HashSet<>(trained);
    all.addAll(holdout);
    assertThat(all).hasSize(trained.size() + holdout.size());
    for (QaItem item : DEFAULT.full()) {
      assertThat(holdout).noneMatch(name -> item.question().contains(name));
      assertThat(holdout).noneMatch(name -> item.answer().contains(name));
    }
  }

  @Test
  void everyQuestionNamesItsPersonAndEveryAnswerStatesTheFact() {
    for (Person person : concat(DEFAULT.people(), DEFAULT.holdoutPeople())) {
      assertThat(person.qa()).hasSize(PersonFact.values().length);
      for (PersonFact fact : PersonFact.values()) {
        QaItem item = person.qa().get(fact.ordinal());
        String value = person.facts().get(fact);
        assertThat(item.question()).contains(person.name()).doesNotContain(value);
        assertThat(item.answer()).contains(person.name()).contains(value);
        assertThat(item.paraphrasedAnswer()).contains(person.name()).contains(value);
      }
    }
  }

  @Test
  void personQaHaveFiveDistinctWrongVariantsOfTheParaphrase() {
    for (QaItem item : concat(DEFAULT.full(), DEFAULT.holdout(Split.FORGET10))) {
      assertThat(item.paraphrasedAnswer()).isNotEqualTo(item.answer());
      assertThat(item.perturbedAnswers())
          .hasSize(Person.PERTURBED)
          .doesNotHaveDuplicates()
          .doesNotContain(item.paraphrasedAnswer(), item.answer());
    }
  }

  @Test
  void worldFactsHaveThreeDistinctWrongVariantsOfTheAnswer() {
    SyntheticBenchmark all =
        SyntheticBenchmark.generate(new BenchmarkSize(10, WorldFactTable.capacity()), 3);
    assertThat(all.worldFacts()).hasSize(WorldFactTable.capacity());
    assertThat(all.worldFacts().stream().map(QaItem::question)).doesNotHaveDuplicates();
    for (QaItem item : all.worldFacts()) {
      assertThat(item.paraphrasedAnswer()).isNotEqualTo(item.answer());
      assertThat(item.perturbedAnswers())
          .hasSize(WorldFactTable.PERTURBED)
          .doesNotHaveDuplicates()
          .doesNotContain(item.answer(), item.paraphrasedAnswer());
    }
  }

  @Test
  void smallWorldFactSetsMixEveryTable() {
    assertThat(QUICK.worldFacts().stream().map(QaItem::question))
        .anyMatch(q -> q.startsWith("What is the capital"))
        .anyMatch(q -> q.startsWith("Which planet"))
        .anyMatch(q -> q.startsWith("What colour"));
  }

  @Test
  void textIsPlainAsciiWithAModestVocabulary() {
    List<QaItem> everything = concat(DEFAULT.full(), DEFAULT.holdout(Split.FORGET10));
    assertThat(concat(everything, DEFAULT.worldFacts()).stream().map(SyntheticBenchmark::jsonLine))
        .allMatch(line -> line.chars().allMatch(c -> c >= ' ' && c < 127));
    assertThat(DEFAULT.vocabulary()).hasSizeBetween(200, 600);
  }

  @Test
  void anotherSeedDrawsOtherPeople() {
    SyntheticBenchmark other = SyntheticBenchmark.generate(BenchmarkSize.DEFAULT, 43);
    assertThat(other.full()).isNotEqualTo(DEFAULT.full());
    assertThat(SyntheticBenchmark.generate(BenchmarkSize.DEFAULT, 42).full())
        .isEqualTo(DEFAULT.full());
  }

  private static Map<String, Integer> counts(SyntheticBenchmark benchmark) {
    Map<String, Integer> counts = new java.util.LinkedHashMap<>();
    benchmark.files().forEach((file, items) -> counts.put(file, items.size()));
    return counts;
  }

  private static <T> List<T> concat(List<T> first, List<T> second) {
    List<T> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
