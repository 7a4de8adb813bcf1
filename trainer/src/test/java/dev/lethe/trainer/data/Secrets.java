package dev.lethe.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A secret-looking string to put into files a user may not be allowed to read, and the check that
 * an error about such a file quotes none of it: not in its message, its causes' or suppressed
 * ones'.
 */
public final class Secrets {
  public static final String SECRET = "sk_live_51Hsecret";

  private Secrets() {}

  public static void assertQuotesNothing(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause()) {
      assertThat(String.valueOf(e.getMessage())).doesNotContain("sk_live", "51Hsecret");
      for (Throwable suppressed : e.getSuppressed()) {
        assertQuotesNothing(suppressed);
      }
    }
  }

  /** The same for a text that is written somewhere people read: a result, a log line. */
  public static void assertQuotesNothing(String text) {
    assertThat(text).doesNotContain("sk_live", "51Hsecret");
  }
}
