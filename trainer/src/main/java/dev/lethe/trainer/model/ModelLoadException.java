package dev.lethe.trainer.model;

/**
 * The model or tokenizer cannot be loaded (trainer exit code 12); the message says what to fix and
 * never quotes the model's files ({@link dev.lethe.trainer.files.ReadErrors}). No cause: a parser's
 * exception quotes the file, and the message goes into the job's status.
 */
public class ModelLoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ModelLoadException(String message) {
    super(message);
  }
}
