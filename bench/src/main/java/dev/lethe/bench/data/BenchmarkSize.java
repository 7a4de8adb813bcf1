package dev.lethe.bench.data;

/**
 * How big a {@link SyntheticBenchmark} is: how many fictitious people the model is trained on (ten
 * QA each) and how many world facts the utility set holds.
 *
 * <p>Holdout people come on top: as many as forget10 has (10% of {@code people}).
 *
 * @param people trained people, between 10 (so that every split has a person) and {@link
 *     #MAX_PEOPLE}
 * @param worldFacts world facts, between 1 and {@link WorldFactTable#capacity()}
 */
public record BenchmarkSize(int people, int worldFacts) {
  /** The most trained people: with the holdout people they must fit the distinct names. */
  public static final int MAX_PEOPLE = 1000;

  /** 100 people (1,000 QA, forget10 = 100 QA) and 60 world facts. */
  public static final BenchmarkSize DEFAULT = new BenchmarkSize(100, 60);

  /** 20 people (200 QA, forget10 = 20 QA) and 20 world facts, for smoke runs. */
  public static final BenchmarkSize QUICK = new BenchmarkSize(20, 20);

  public BenchmarkSize {
    if (people < 10 || people > MAX_PEOPLE) {
      throw new IllegalArgumentException(
          "people must be between 10 and " + MAX_PEOPLE + ", got " + people);
    }
    if (worldFacts < 1 || worldFacts > WorldFactTable.capacity()) {
      throw new IllegalArgumentException(
          "worldFacts must be between 1 and "
              + WorldFactTable.capacity()
              + " (the built-in tables), got "
              + worldFacts);
    }
  }

  /** People in a forget split (and in the matching holdout split). */
  public int forgetPeople(Split split) {
    return split.people(people);
  }

  /** People never trained on: as many as forget10. */
  public int holdoutPeople() {
    return forgetPeople(Split.FORGET10);
  }
}
