package dev.lethe.local.node;

import java.util.BitSet;

/**
 * Pod IPs: 127.0.0.2 to 127.0.0.254, one per running pod (Linux routes all of 127.0.0.0/8 to the
 * loopback interface), so that every trainer can listen on the port its container declares.
 */
final class LoopbackAddresses {
  static final int FIRST = 2;
  static final int LAST = 254;
  private final BitSet taken = new BitSet();

  String take() {
    int next = taken.nextClearBit(FIRST);
    if (next > LAST) {
      throw new IllegalStateException(
          "no loopback address is free: " + (LAST - FIRST + 1) + " pods run on this node");
    }
    taken.set(next);
    return "127.0.0." + next;
  }

  void release(String ip) {
    taken.clear(Integer.parseInt(ip.substring(ip.lastIndexOf('.') + 1)));
  }
}
