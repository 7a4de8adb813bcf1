package dev.lethe.trainer.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import opennlp.tools.stemmer.PorterStemmer;

/**
 * ROUGE-L as Google's {@code rouge_score} package computes it ({@code rouge_scorer.py}, {@code
 * tokenize.py}), which TOFU and open-unlearning (with the stemmer) and MUSE (without) call.
 *
 * <p>The stemmer is OpenNLP's Porter stemmer; {@code rouge_score} uses NLTK's, in its
 * NLTK_EXTENSIONS mode, and the two disagree on some words (a final y after a vowel, "days" → day
 * vs dai; an e kept after two-letter stems, "used" → use vs us; "-ally", "-fully", "-logy"; NLTK's
 * irregular forms such as "skies", "news", "dying"). The differences found are listed in {@code
 * trainer/reference/make_eval_fixtures.py} and checked by {@code RougeLTest}.
 */
public final class RougeL {
  private static final Pattern NON_ALPHANUMERIC = Pattern.compile("[^a-z0-9]+");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private RougeL() {}

  /**
   * ROUGE-L of {@code generated} against {@code reference}: {@code
   * rouge_scorer.RougeScorer(['rougeL'], use_stemmer=stem).score(reference, generated)['rougeL']}
   * (docs/metrics.md#rouge-l). Both texts are tokenised by {@link #tokens}; with L the length of
   * the longest common subsequence of the two token lists, recall = L / |reference|, precision = L
   * / |generated| and F1 = 2PR / (P + R), 0 when L is 0. An empty token list on either side gives
   * all zeros, as {@code rouge_score} does.
   */
  public static RougeScore score(String reference, String generated, boolean stem) {
    List<String> referenceTokens = tokens(reference, stem);
    List<String> generatedTokens = tokens(generated, stem);
    if (referenceTokens.isEmpty() || generatedTokens.isEmpty()) {
      return new RougeScore(0, 0, 0);
    }
    int common = longestCommonSubsequence(referenceTokens, generatedTokens);
    double precision = (double) common / generatedTokens.size();
    double recall = (double) common / referenceTokens.size();
    double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
    return new RougeScore(recall, precision, f1);
  }

  /**
   * {@code rouge_score}'s default tokenizer: lower-case, every run of characters other than
   * [a-z0-9] becomes a space, split on whitespace, and, when {@code stem}, Porter-stem the tokens
   * longer than three characters.
   */
  static List<String> tokens(String text, boolean stem) {
    String cleaned = NON_ALPHANUMERIC.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" ");
    PorterStemmer stemmer = stem ? new PorterStemmer() : null; // not thread-safe: one per call
    List<String> tokens = new ArrayList<>();
    for (String token : SPACES.split(cleaned)) {
      if (token.isEmpty()) {
        continue;
      }
      tokens.add(stem && token.length() > 3 ? stemmer.stem(token) : token);
    }
    return tokens;
  }

  /** Length of the longest common subsequence, by dynamic programming over two rows. */
  private static int longestCommonSubsequence(List<String> a, List<String> b) {
    int[] previous = new int[b.size() + 1];
    int[] current = new int[b.size() + 1];
    for (String token : a) {
      for (int j = 1; j <= b.size(); j++) {
        current[j] =
            token.equals(b.get(j - 1))
                ? previous[j - 1] + 1
                : Math.max(previous[j], current[j - 1]);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.size()];
  }
}
