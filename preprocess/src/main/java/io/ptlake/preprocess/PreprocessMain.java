package io.ptlake.preprocess;

import picocli.CommandLine;

/** Runs {@link PreprocessCommand} on its own, e.g. {@code java -jar ptlake-preprocess-all.jar}. */
public final class PreprocessMain {
  private PreprocessMain() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new PreprocessCommand()).execute(args));
  }
}
