package dev.lethe.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import opennlp.tools.stemmer.PorterStemmer;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RougeLTest {
  private static final double EXACT = 1e-15;

  @Test
  void oneSubstitutedWordLeavesFiveOfSixTokensInCommon() {
    // [the cat sat on the mat] vs [the cat is on the mat]: LCS "the cat on the mat" = 5.
    RougeScore score = RougeL.score("The cat sat on the mat.", "The cat is on the mat", false);

    assertThat(score.recall()).isCloseTo(5.0 / 6, within(EXACT));
    assertThat(score.precision()).isCloseTo(5.0 / 6, within(EXACT));
    assertThat(score.f1()).isCloseTo(5.0 / 6, within(EXACT));
  }

  @Test
  void stemmingMatchesRunningWithRunsButLeavesShortWordsAlone() {
    // Unstemmed: [he was running] vs [he runs], LCS 1: R = 1/3, P = 1/2, F = 2·(1/6)/(5/6) = 0.4.
    RougeScore plain = RougeL.score("He was running", "he runs", false);
    assertThat(plain.recall()).isCloseTo(1.0 / 3, within(EXACT));
    assertThat(plain.precision()).isCloseTo(0.5, within(EXACT));
    assertThat(plain.f1()).isCloseTo(0.4, within(EXACT));

    // Stemmed: [he was run] vs [he run] ("was" has 3 letters and is not stemmed), LCS 2.
    RougeScore stemmed = RougeL.score("He was running", "he runs", true);
    assertThat(RougeL.tokens("He was running", true)).containsExactly("he", "was", "run");
    assertThat(stemmed.recall()).isCloseTo(2.0 / 3, within(EXACT));
    assertThat(stemmed.precision()).isCloseTo(1.0, within(EXACT));
    assertThat(stemmed.f1()).isCloseTo(0.8, within(EXACT));
  }

  @Test
  void punctuationSplitsTokensAndCaseIsIgnored() {
    // [u s a won] vs [usa won]: LCS 1, R = 1/4, P = 1/2, F = 2·(1/8)/(3/4) = 1/3.
    assertThat(RougeL.tokens("U.S.A. WON!", false)).containsExactly("u", "s", "a", "won");
    RougeScore score = RougeL.score("U.S.A. WON!", "usa won", false);

    assertThat(score.recall()).isCloseTo(0.25, within(EXACT));
    assertThat(score.precision()).isCloseTo(0.5, within(EXACT));
    assertThat(score.f1()).isCloseTo(1.0 / 3, within(EXACT));
  }

  @Test
  void wordOrderCountsThroughTheLongestCommonSubsequence() {
    RougeScore score = RougeL.score("one two three", "three two one", false);

    assertThat(score.recall()).isCloseTo(1.0 / 3, within(EXACT));
    assertThat(score.f1()).isCloseTo(1.0 / 3, within(EXACT));
  }

  @Test
  void anEmptySideScoresZero() {
    assertThat(RougeL.score("", "something", true)).isEqualTo(new RougeScore(0, 0, 0));
    assertThat(RougeL.score("!!! ...", "something", true)).isEqualTo(new RougeScore(0, 0, 0));
    assertThat(RougeL.score("something", "", false)).isEqualTo(new RougeScore(0, 0, 0));
  }

  @Test
  void noCommonTokenScoresZero() {
    assertThat(RougeL.score("alpha beta", "gamma delta", false)).isEqualTo(new RougeScore(0, 0, 0));
  }

  static Stream<Named<JsonNode>> rougeScoreCases() {
    return EvalFixtures.cases(
        "rouge-l.json",
        c -> (c.get("stem").asBoolean() ? "stemmed: " : "plain: ") + c.get("reference").asText());
  }

  @ParameterizedTest
  @MethodSource("rougeScoreCases")
  void agreesWithRougeScore(JsonNode c) {
    String reference = c.get("reference").asText();
    String generated = c.get("generated").asText();
    boolean stem = c.get("stem").asBoolean();
    List<String> expectedTokens = new ArrayList<>();
    c.get("referenceTokens").forEach(t -> expectedTokens.add(t.asText()));
    List<String> expectedGenerated = new ArrayList<>();
    c.get("generatedTokens").forEach(t -> expectedGenerated.add(t.asText()));

    if (!c.get("mustMatch").asBoolean()) {
      // A pair with a word the two Porter stemmers stem differently (see stemmerDifferences...).
      assertThat(List.of(RougeL.tokens(reference, stem), RougeL.tokens(generated, stem)))
          .isNotEqualTo(List.of(expectedTokens, expectedGenerated));
      return;
    }
    assertThat(RougeL.tokens(reference, stem)).isEqualTo(expectedTokens);
    assertThat(RougeL.tokens(generated, stem)).isEqualTo(expectedGenerated);
    RougeScore score = RougeL.score(reference, generated, stem);
    assertThat(score.recall()).isCloseTo(c.get("recall").asDouble(), within(EXACT));
    assertThat(score.precision()).isCloseTo(c.get("precision").asDouble(), within(EXACT));
    assertThat(score.f1()).isCloseTo(c.get("f1").asDouble(), within(EXACT));
  }

  @Test
  void stemmerDifferencesAreTheKnownOnes() {
    // Every word of the fixture, stemmed by NLTK (what rouge_score uses) and by OpenNLP: they
    // differ exactly on the listed words, e.g. days → day / dai, used → use / us.
    JsonNode fixture = EvalFixtures.read("rouge-l.json");
    Set<String> known = new HashSet<>();
    fixture.get("opennlpDiffers").forEach(w -> known.add(w.asText()));
    Set<String> differ = new HashSet<>();
    for (Map.Entry<String, JsonNode> word : fixture.get("stems").properties()) {
      if (!new PorterStemmer().stem(word.getKey()).equals(word.getValue().asText())) {
        differ.add(word.getKey());
      }
    }
    assertThat(differ).isEqualTo(known);
  }
}
