package dev.lethe.bench.data;

/**
 * TOFU's forget splits: the last 1%, 5% or 10% of the trained people, nested (forget01 in forget05
 * in forget10). Each has a retain split (every other trained person) and a holdout split of as many
 * never-trained people.
 */
public enum Split {
  FORGET01(1),
  FORGET05(5),
  FORGET10(10);

  private final int percent;

  Split(int percent) {
    this.percent = percent;
  }

  /** Share of the trained people that is forgotten, in percent. */
  public int percent() {
    return percent;
  }

  /** The forget file's number: "01", "05" or "10". */
  public String suffix() {
    return String.format("%02d", percent);
  }

  /** The retain file's number: "99", "95" or "90". */
  public String retainSuffix() {
    return String.format("%02d", 100 - percent);
  }

  /** {@code forget01.jsonl}, {@code forget05.jsonl} or {@code forget10.jsonl}. */
  public String forgetFile() {
    return "forget" + suffix() + ".jsonl";
  }

  /** {@code retain99.jsonl}, {@code retain95.jsonl} or {@code retain90.jsonl}. */
  public String retainFile() {
    return "retain" + retainSuffix() + ".jsonl";
  }

  /** {@code holdout01.jsonl}, {@code holdout05.jsonl} or {@code holdout10.jsonl}. */
  public String holdoutFile() {
    return "holdout" + suffix() + ".jsonl";
  }

  /**
   * People in this split out of {@code trained}: the share rounded to nearest (halves up), at least
   * one.
   */
  int people(int trained) {
    return Math.max(1, (trained * percent + 50) / 100);
  }
}
