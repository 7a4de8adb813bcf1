package dev.lethe.bench.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Fictitious full names: a first name and a surname from two pools of 36, so at most 1,296 distinct
 * people. The pools avoid every other word of the benchmark, so a name is only ever a name.
 */
final class PersonNames {
  static final List<String> FIRST_NAMES =
      List.of(
          "Maren", "Tomas", "Ilsa", "Oren", "Petra", "Anika", "Bram", "Cora", "Dario", "Elin",
          "Farah", "Gideon", "Hana", "Ivo", "Jana", "Kiran", "Lior", "Mila", "Nils", "Odile",
          "Pavel", "Quinn", "Rosa", "Soren", "Talia", "Umar", "Vera", "Wim", "Xenia", "Yusuf",
          "Zara", "Alma", "Benno", "Celia", "Dmitri", "Esme");
  static final List<String> SURNAMES =
      List.of(
          "Holt",
          "Varga",
          "Okafor",
          "Lindqvist",
          "Moreau",
          "Tanaka",
          "Brandt",
          "Castell",
          "Duarte",
          "Ekwall",
          "Fenwick",
          "Galloway",
          "Hartman",
          "Ibsen",
          "Jovanic",
          "Kessler",
          "Larkin",
          "Mendez",
          "Novak",
          "Orsini",
          "Petrov",
          "Quist",
          "Rasmussen",
          "Sato",
          "Thorne",
          "Ulloa",
          "Vance",
          "Whitlock",
          "Yilmaz",
          "Zeller",
          "Abbot",
          "Bergman",
          "Corwin",
          "Delacroix",
          "Eastman",
          "Falk");

  /** How many distinct full names there are. */
  static final int CAPACITY = FIRST_NAMES.size() * SURNAMES.size();

  private PersonNames() {}

  /** {@code count} distinct full names, drawn without replacement from every combination. */
  static List<String> draw(int count, Random random) {
    if (count > CAPACITY) {
      throw new IllegalArgumentException(
          "at most " + CAPACITY + " distinct names, asked for " + count);
    }
    int[] grid = new int[CAPACITY];
    for (int i = 0; i < CAPACITY; i++) {
      grid[i] = i;
    }
    List<String> names = new ArrayList<>(count);
    for (int i = 0; i < count; i++) { // partial Fisher-Yates
      int j = i + random.nextInt(CAPACITY - i);
      int picked = grid[j];
      grid[j] = grid[i];
      grid[i] = picked;
      names.add(
          FIRST_NAMES.get(picked / SURNAMES.size()) + " " + SURNAMES.get(picked % SURNAMES.size()));
    }
    return List.copyOf(names);
  }
}
