package dev.lethe.trainer.model;

/** The model or tokenizer cannot be loaded (trainer exit code 12); the message says what to fix. */
public class ModelLoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ModelLoadException(String message) {
    super(message);
  }

  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
