package io.ptlake.preprocess.remote;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Which URLs the preprocessor may fetch. URLs come from untrusted files (tables of contents,
 * provider references), so by default only https to public addresses is allowed: loopback,
 * link-local (169.254.0.0/16, with the cloud metadata service), private, carrier-grade NAT,
 * unique-local, multicast and unspecified addresses are refused, and plain http too. Every
 * redirect target is checked again ({@link GuardedHttpClient}).
 *
 * <p>The check resolves the host name; a name that resolves to a public address here and to a
 * private one when the connection is made (DNS rebinding) is not caught.
 */
public final class NetworkPolicy {
  private static final String FLAG = "--allow-private-network";

  private final boolean allowPrivateNetwork;
  private final Predicate<InetAddress> exempt;

  private NetworkPolicy(boolean allowPrivateNetwork, Predicate<InetAddress> exempt) {
    this.allowPrivateNetwork = allowPrivateNetwork;
    this.exempt = exempt;
  }

  /** https to public addresses only. */
  public static NetworkPolicy publicOnly() {
    return new NetworkPolicy(false, address -> false);
  }

  /** Anything over http or https: for tests and private mirrors ({@value #FLAG}). */
  public static NetworkPolicy allowPrivateNetwork() {
    return new NetworkPolicy(true, address -> true);
  }

  public static NetworkPolicy of(boolean allowPrivateNetwork) {
    return allowPrivateNetwork ? allowPrivateNetwork() : publicOnly();
  }

  /**
   * Public addresses plus those {@code exempt} accepts, http allowed to exempt addresses only:
   * lets a test reach its loopback server while every other rule holds.
   */
  public static NetworkPolicy exempting(Predicate<InetAddress> exempt) {
    return new NetworkPolicy(false, exempt);
  }

  public boolean allowsPrivateNetwork() {
    return allowPrivateNetwork;
  }

  /**
   * Checks {@code uri} and returns it.
   *
   * @throws RefusedUrlException if the scheme or an address of the host is not allowed
   */
  public URI check(URI uri) throws RefusedUrlException {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new RefusedUrlException(uri, "its scheme is not https");
    }
    if (host == null || host.isEmpty()) {
      throw new RefusedUrlException(uri, "it has no host");
    }
    if (uri.getUserInfo() != null) {
      throw new RefusedUrlException(uri, "it carries user credentials");
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new RefusedUrlException(uri, "its host " + host + " does not resolve");
    }
    boolean allExempt = true;
    for (InetAddress address : addresses) {
      boolean isExempt = exempt.test(address);
      allExempt &= isExempt;
      String kind = restrictedKind(address);
      if (kind != null && !isExempt) {
        String what = article(kind) + " " + kind + " address (" + FLAG + " allows it)";
        throw new RefusedUrlException(
            uri,
            isLiteral(host, address)
                ? address.getHostAddress() + " is " + what
                : host + " resolves to " + address.getHostAddress() + ", " + what);
      }
    }
    if (scheme.equals("http") && !allExempt) {
      throw new RefusedUrlException(uri, "its scheme is not https (" + FLAG + " allows http)");
    }
    return uri;
  }

  private static boolean isLiteral(String host, InetAddress address) {
    return host.equals(address.getHostAddress()) || host.startsWith("[");
  }

  private static String article(String word) {
    return "aeiouAEIOU".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
  }

  /** Why {@code address} is not public, or null when it is. */
  static String restrictedKind(InetAddress address) {
    if (address.isLoopbackAddress()) {
      return "loopback";
    }
    if (address.isLinkLocalAddress()) {
      return "link-local";
    }
    if (address.isSiteLocalAddress()) {
      return "private";
    }
    if (address.isAnyLocalAddress()) {
      return "unspecified";
    }
    if (address.isMulticastAddress()) {
      return "multicast";
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      if (first == 0) {
        return "unspecified";
      }
      if (first == 100 && second >= 64 && second < 128) {
        return "carrier-grade NAT";
      }
      if (first == 192 && second == 0 && (b[2] & 0xff) == 0) {
        return "IETF protocol";
      }
      if (first == 198 && (second == 18 || second == 19)) {
        return "benchmarking";
      }
      if (first >= 240) {
        return "reserved";
      }
    } else if (address instanceof Inet6Address) {
      if ((b[0] & 0xfe) == 0xfc) {
        return "IPv6 unique-local";
      }
      if (isIpv4Embedding(b)) {
        try {
          InetAddress v4 = InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
          return restrictedKind(v4);
        } catch (UnknownHostException impossible) {
          return "invalid";
        }
      }
    }
    return null;
  }

  /** ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible) and 64:ff9b::a.b.c.d (NAT64). */
  private static boolean isIpv4Embedding(byte[] b) {
    boolean zeros = true;
    for (int i = 0; i < 10; i++) {
      zeros &= b[i] == 0;
    }
    boolean mappedOrCompatible =
        zeros && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0));
    boolean nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b;
    return mappedOrCompatible || nat64;
  }
}
