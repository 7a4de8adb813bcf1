package dev.lethe.bench.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A fictitious person: a unique full name, a value for every {@link PersonFact}, and one QA per
 * fact in {@link PersonFact} order.
 *
 * @param name first name and surname, unique within a benchmark
 * @param facts the true value of every fact
 * @param qa one QA per fact, with {@link #PERTURBED} perturbed answers each
 */
public record Person(String name, Map<PersonFact, String> facts, List<QaItem> qa) {
  /** Perturbed answers per QA, as TOFU's forget and retain sets. */
  public static final int PERTURBED = 5;

  public Person {
    facts = Collections.unmodifiableMap(new EnumMap<>(facts));
    qa = List.copyOf(qa);
  }

  /**
   * A person called {@code name} with every fact and its wrong values drawn from {@code random}.
   */
  static Person draw(String name, Random random) {
    Map<PersonFact, String> facts = new EnumMap<>(PersonFact.class);
    List<QaItem> qa = new ArrayList<>();
    for (PersonFact fact : PersonFact.values()) {
      String value = fact.pool().get(random.nextInt(fact.pool().size()));
      facts.put(fact, value);
      qa.add(fact.qa(name, value, QaTemplate.wrongValues(fact.pool(), value, PERTURBED, random)));
    }
    return new Person(name, facts, qa);
  }
}
