package io.ptlake.spark.catalog;

/**
 * A catalog registration that could not be done, worded "Cannot X because Y". SDK exceptions
 * become this one at the boundary, with the SDK's as the cause.
 */
public final class CatalogException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CatalogException(String message) {
    super(message);
  }

  public CatalogException(String message, Throwable cause) {
    super(message, cause);
  }
}
