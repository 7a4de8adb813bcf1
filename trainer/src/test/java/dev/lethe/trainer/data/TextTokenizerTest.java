package dev.lethe.trainer.data;

import static dev.lethe.trainer.data.Secrets.SECRET;
import static dev.lethe.trainer.data.Secrets.assertQuotesNothing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lethe.trainer.model.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A tokenizer.json the tokenizers library refuses: named with its place, never quoted. */
class TextTokenizerTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"version\": \"1.0\", \"model\": SECRET}",
        "{\"version\": \"1.0\", \"truncation\": null, \"padding\": null, \"added_tokens\": [],"
            + " \"normalizer\": null, \"pre_tokenizer\": null, \"post_processor\": null,"
            + " \"decoder\": null, \"model\": {\"type\": \"SECRET\"}}",
        "{\"version\": \"1.0\", \"added_tokens\": [{\"id\": \"SECRET\"}]}",
      })
  void aTokenizerTheLibraryRefusesIsNamedWithItsPlaceAndNotQuoted(String json, @TempDir Path dir)
      throws Exception {
    Path file = Files.writeString(dir.resolve("tokenizer.json"), json.replace("SECRET", SECRET));

    ModelLoadException e =
        catchThrowableOfType(ModelLoadException.class, () -> TextTokenizer.load(dir, 2, null));

    assertThat(e)
        .hasMessageStartingWith(file + " line 1, column ")
        .hasMessageEndingWith(": not a tokenizer.json that Hugging Face tokenizers can load");
    assertQuotesNothing(e);
  }

  @Test
  void aRefusalWithoutAPlaceNamesTheFileAlone() {
    assertThat(TextTokenizer.refused(Path.of("/m/tokenizer.json"), "unknown variant `" + SECRET))
        .isEqualTo("/m/tokenizer.json: not a tokenizer.json that Hugging Face tokenizers can load");
  }
}
