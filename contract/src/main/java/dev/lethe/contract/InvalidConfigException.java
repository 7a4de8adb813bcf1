package dev.lethe.contract;

/** A trainer config that breaks the contract; the message names the key path and the bad value. */
public class InvalidConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidConfigException(String message) {
    super(message);
  }
}
