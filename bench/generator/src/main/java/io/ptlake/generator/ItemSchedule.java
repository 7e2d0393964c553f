package io.ptlake.generator;

/**
 * Decides what the next in_network item is: ordinary, giant, or none (the array is done). Giant
 * items are spread evenly through the file, giant {@code j} of {@code g} once the ordinary items
 * have made {@code (j+1)/(g+1)} of their progress. Progress counts items, or bytes of ordinary
 * items towards the size target once room is set aside for the giants.
 */
final class ItemSchedule {

  enum Kind {
    ORDINARY,
    GIANT
  }

  private final boolean bySize;
  private final int giants;
  private final int ordinaries;
  private final long giantBytes;
  private final long startByte;
  private final long endByte;
  private int giantsDone;
  private int ordinariesDone;

  private ItemSchedule(
      boolean bySize, int giants, int ordinaries, long giantBytes, long startByte, long endByte) {
    this.bySize = bySize;
    this.giants = giants;
    this.ordinaries = ordinaries;
    this.giantBytes = giantBytes;
    this.startByte = startByte;
    this.endByte = endByte;
  }

  /** {@code items} items in all, of which {@code giants} giant. */
  static ItemSchedule byCount(int items, int giants) {
    return new ItemSchedule(false, giants, items - giants, 0, 0, 0);
  }

  /**
   * Items from {@code startByte} until the position reaches {@code endByte}, {@code giants} of
   * about {@code giantBytes} each among them; the giants are written even past the end.
   */
  static ItemSchedule bySize(int giants, long giantBytes, long startByte, long endByte) {
    return new ItemSchedule(true, giants, 0, giantBytes, startByte, endByte);
  }

  /** The kind of the next item given the current byte position, or null when all are written. */
  Kind next(long position) {
    boolean ordinariesLeft =
        bySize
            ? position + (giants - giantsDone) * giantBytes < endByte
            : ordinariesDone < ordinaries;
    double progress =
        bySize
            ? (position - startByte - giantsDone * giantBytes)
                / (double) Math.max(1, endByte - startByte - giants * giantBytes)
            : ordinariesDone / (double) Math.max(1, ordinaries);
    if (giantsDone < giants
        && (!ordinariesLeft || progress >= (giantsDone + 1) / (double) (giants + 1))) {
      giantsDone++;
      return Kind.GIANT;
    }
    if (ordinariesLeft) {
      ordinariesDone++;
      return Kind.ORDINARY;
    }
    return null;
  }
}
