package io.ptlake.preprocess;

import java.io.IOException;

/**
 * Thrown by the in-network splitters when they meet a top-level {@code out_of_network} key: the
 * source is an allowed-amounts file, and {@link Preprocessor} splits it again with {@link
 * AllowedAmountsSplitter}. The key follows the header in practice, so little is read twice.
 */
final class AllowedAmountsFile extends IOException {
  AllowedAmountsFile() {
    super("the source has a top-level out_of_network array: an allowed-amounts file", null);
  }
}
