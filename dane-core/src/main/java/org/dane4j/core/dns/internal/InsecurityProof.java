package org.dane4j.core.dns.internal;

import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import org.dane4j.core.dns.SecurityStatus;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.utils.base32;

/**
 * dane4j's own proof that a name lies in unsigned DNS space. dnsjava's INSECURE is a claim,
 * not a proof (PITFALLS.md: a CLASS flip or a rewritten RRSIG signer earns it without any
 * key), so an answer is insecure for dane4j only when this proof holds:
 *
 * <ol>
 *   <li>the name lies outside every trust anchor; or
 *   <li>walking down from the closest trust anchor, label by label, the DS RRset of some name
 *       at or above the owner is proven absent by the parent zone, signed by that parent
 *       (the deepest secure cut above it), and the denial says the name is a delegation
 *       (NSEC or NSEC3 with NS and without SOA and DS, RFC 4035 section 5.2; RFC 5155 section
 *       8.6), or lies in an NSEC3 opt-out span whose signature dane4j checks itself against
 *       the parent's validated keys (RFC 5155 sections 6 and 9.2); or
 *   <li>a secure DS RRset names only algorithms or digests the validator does not support,
 *       or only RSA keys below its minimum size (RFC 4035 section 5.2, RFC 6840 section 5.2).
 * </ol>
 *
 * Anything else, including a failed DS lookup on the way, is no proof: the caller turns the
 * answer into a failure. Every DS query goes through the validator and its cache.
 */
final class InsecurityProof {
  /** DNSSEC algorithms dnsjava verifies (RFC 8624 section 3.1 "MUST" and "RECOMMENDED" ones). */
  private static final Set<Integer> SUPPORTED_ALGORITHMS = Set.of(DNSSEC.Algorithm.RSASHA1,
      DNSSEC.Algorithm.RSA_NSEC3_SHA1, DNSSEC.Algorithm.RSASHA256, DNSSEC.Algorithm.RSASHA512,
      DNSSEC.Algorithm.ECDSAP256SHA256, DNSSEC.Algorithm.ECDSAP384SHA384, DNSSEC.Algorithm.ED25519,
      DNSSEC.Algorithm.ED448);
  private static final Set<Integer> SUPPORTED_DIGESTS = Set.of(DNSSEC.Digest.SHA1, DNSSEC.Digest.SHA256,
      DNSSEC.Digest.SHA384);
  private static final Set<Integer> RSA = Set.of(DNSSEC.Algorithm.RSASHA1, DNSSEC.Algorithm.RSA_NSEC3_SHA1,
      DNSSEC.Algorithm.RSASHA256, DNSSEC.Algorithm.RSASHA512);

  private final BiFunction<Name, Integer, CompletionStage<RawResult>> raw;
  private final List<Name> anchors;
  private final int nsec3MaxIterations;
  private final int minRsaKeyBits;
  private final Clock clock;

  /**
   * @param raw the validated, cached query of the lookup engine
   * @param anchors the owner names of the trust anchors
   */
  InsecurityProof(BiFunction<Name, Integer, CompletionStage<RawResult>> raw, List<Name> anchors,
      int nsec3MaxIterations, int minRsaKeyBits, Clock clock) {
    this.raw = raw;
    this.anchors = List.copyOf(anchors);
    this.nsec3MaxIterations = nsec3MaxIterations;
    this.minRsaKeyBits = minRsaKeyBits;
    this.clock = clock;
  }

  /** Empty when {@code name} is proven to lie in unsigned space, else why it is not. */
  CompletionStage<Optional<String>> check(Name name) {
    Name anchor = null;
    for (Name a : anchors) {
      if (name.subdomain(a) && (anchor == null || a.labels() > anchor.labels())) {
        anchor = a;
      }
    }
    if (anchor == null) {
      return done(Optional.empty());
    }
    return step(name, anchor, anchor.labels() + 1);
  }

  /** Looks at the DS of the ancestor of {@code name} with {@code labels} labels; {@code cut} is signed. */
  private CompletionStage<Optional<String>> step(Name name, Name cut, int labels) {
    if (labels > name.labels()) {
      return done(Optional.of("every zone cut from the trust anchor down to " + name
          + " is signed (deepest: " + cut + "), so an unsigned answer there is not proven insecure"));
    }
    Name at = new Name(name, name.labels() - labels);
    return raw.apply(at, Type.DS).thenCompose(ds -> {
      if (ds.isFailure()) {
        return done(Optional.of("the DS lookup of " + at + " failed: " + ds.failure()));
      }
      if (!ds.keyFetchProblems().isEmpty()) {
        return done(Optional.of("key queries failed while validating the DS of " + at + ": "
            + ds.keyFetchProblems()));
      }
      for (Record r : ds.records(Section.ANSWER, Section.AUTHORITY)) {
        if (r instanceof RRSIGRecord && !((RRSIGRecord) r).getSigner().equals(cut)) {
          return done(Optional.of("the DS reply for " + at + " carries a signature by "
              + ((RRSIGRecord) r).getSigner() + ", but the parent zone is " + cut));
        }
      }
      List<DSRecord> dsRecords = ds.answers(at, Type.DS).stream().map(DSRecord.class::cast).toList();
      if (ds.status() == SecurityStatus.SECURE && !dsRecords.isEmpty()) {
        if (dsRecords.stream().noneMatch(InsecurityProof::supported)) {
          return done(Optional.<String>empty());
        }
        if (dsRecords.stream().anyMatch(d -> supported(d) && RSA.contains(d.getAlgorithm()))) {
          return weakRsaOnly(at, dsRecords).thenCompose(weak -> weak ? done(Optional.<String>empty())
              : step(name, at, labels + 1));
        }
        return step(name, at, labels + 1);
      }
      if (ds.isNxdomain()) {
        return done(Optional.of(at + " does not exist (" + ds.status() + " NXDOMAIN for its DS), so nothing "
            + "below it can be an unsigned delegation"));
      }
      if (ds.status() == SecurityStatus.SECURE) {
        return delegationWithoutDs(ds, at) ? done(Optional.<String>empty()) : step(name, cut, labels + 1);
      }
      return optOut(ds, at, cut).thenApply(proven -> proven ? Optional.<String>empty()
          : Optional.of("the DS lookup of " + at + " came back " + ds.status() + " without a proof of an "
              + "unsigned delegation signed by " + cut));
    });
  }

  /**
   * NSEC or NSEC3 of {@code at} itself: a delegation (NS) that is not an apex (SOA) and has
   * no DS. NSEC3 records beyond the iteration limit are not hashed (bounded work, RFC 9276).
   */
  private boolean delegationWithoutDs(RawResult ds, Name at) {
    for (Record r : ds.records(Section.AUTHORITY)) {
      if (r instanceof NSECRecord && r.getName().equals(at)) {
        NSECRecord nsec = (NSECRecord) r;
        return nsec.hasType(Type.NS) && !nsec.hasType(Type.SOA) && !nsec.hasType(Type.DS);
      }
      if (r instanceof NSEC3Record && ((NSEC3Record) r).getIterations() <= nsec3MaxIterations
          && matches((NSEC3Record) r, at)) {
        NSEC3Record nsec3 = (NSEC3Record) r;
        return nsec3.hasType(Type.NS) && !nsec3.hasType(Type.SOA) && !nsec3.hasType(Type.DS);
      }
    }
    return false;
  }

  /**
   * An NSEC3 NODATA for the DS of {@code at} whose covering record has the opt-out flag: the
   * validator calls that INSECURE (RFC 5155 section 9.2), so its signatures are checked here
   * against the DNSKEYs of {@code cut}, which must themselves validate SECURE.
   */
  private CompletionStage<Boolean> optOut(RawResult ds, Name at, Name cut) {
    if (ds.status() != SecurityStatus.INSECURE || !ds.answers(at, Type.DS).isEmpty()) {
      return done(false);
    }
    List<NSEC3Record> covering = new ArrayList<>();
    for (Record r : ds.records(Section.AUTHORITY)) {
      if (r instanceof NSEC3Record) {
        NSEC3Record nsec3 = (NSEC3Record) r;
        if ((nsec3.getFlags() & NSEC3Record.Flags.OPT_OUT) != 0 && new Name(nsec3.getName(), 1).equals(cut)
            && nsec3.getIterations() <= nsec3MaxIterations && covers(nsec3, at)) {
          covering.add(nsec3);
        }
      }
    }
    if (covering.isEmpty()) {
      return done(false);
    }
    return raw.apply(cut, Type.DNSKEY).thenApply(keys -> {
      if (keys.isFailure() || keys.status() != SecurityStatus.SECURE) {
        return false;
      }
      List<Record> dnskeys = keys.answers(cut, Type.DNSKEY);
      for (NSEC3Record nsec3 : covering) {
        if (signedBy(ds, nsec3, cut, dnskeys)) {
          return true;
        }
      }
      return false;
    });
  }

  /** Whether one RRSIG over the NSEC3 RRset of {@code nsec3} verifies with a key of {@code zone}. */
  private boolean signedBy(RawResult reply, NSEC3Record nsec3, Name zone, List<Record> dnskeys) {
    RRset set = new RRset();
    List<RRSIGRecord> sigs = new ArrayList<>();
    for (Record r : reply.records(Section.AUTHORITY)) {
      if (r.getName().equals(nsec3.getName()) && r.getType() == Type.NSEC3) {
        set.addRR(r);
      } else if (r instanceof RRSIGRecord && r.getName().equals(nsec3.getName())
          && ((RRSIGRecord) r).getTypeCovered() == Type.NSEC3 && ((RRSIGRecord) r).getSigner().equals(zone)) {
        sigs.add((RRSIGRecord) r);
      }
    }
    for (RRSIGRecord sig : sigs) {
      for (Record k : dnskeys) {
        DNSKEYRecord key = (DNSKEYRecord) k;
        if (key.getFootprint() == sig.getFootprint() && key.getAlgorithm() == sig.getAlgorithm()) {
          try {
            DNSSEC.verify(set, sig, key, clock.instant());
            return true;
          } catch (DNSSEC.DNSSECException | RuntimeException e) {
            // Try the next key with the same tag (key tags collide, RFC 4034 appendix B).
          }
        }
      }
    }
    return false;
  }

  /**
   * Whether every supported DS of {@code zone} points at an RSA DNSKEY shorter than the
   * validator's minimum: the zone then has no key the validator accepts, and is insecure
   * (RFC 6840 section 5.2). The DS digests bind the keys, so the DNSKEY reply's own verdict
   * does not matter; a DS whose key is missing from it is no proof.
   */
  private CompletionStage<Boolean> weakRsaOnly(Name zone, List<DSRecord> dsRecords) {
    return raw.apply(zone, Type.DNSKEY).thenApply(keys -> {
      if (keys.isFailure()) {
        return false;
      }
      List<Record> dnskeys = keys.answers(zone, Type.DNSKEY);
      for (DSRecord ds : dsRecords) {
        if (!supported(ds)) {
          continue;
        }
        DNSKEYRecord key = keyOf(ds, dnskeys);
        if (key == null || !RSA.contains(key.getAlgorithm()) || rsaBits(key) >= minRsaKeyBits) {
          return false;
        }
      }
      return true;
    });
  }

  private static DNSKEYRecord keyOf(DSRecord ds, List<Record> dnskeys) {
    for (Record r : dnskeys) {
      DNSKEYRecord key = (DNSKEYRecord) r;
      if (key.getFootprint() == ds.getFootprint() && key.getAlgorithm() == ds.getAlgorithm()
          && Arrays.equals(new DSRecord(ds.getName(), DClass.IN, 0, ds.getDigestID(), key).getDigest(),
              ds.getDigest())) {
        return key;
      }
    }
    return null;
  }

  private static int rsaBits(DNSKEYRecord key) {
    try {
      PublicKey publicKey = key.getPublicKey();
      return publicKey instanceof RSAPublicKey ? ((RSAPublicKey) publicKey).getModulus().bitLength() : 0;
    } catch (DNSSEC.DNSSECException e) {
      return 0;
    }
  }

  private static boolean supported(DSRecord ds) {
    return SUPPORTED_ALGORITHMS.contains(ds.getAlgorithm()) && SUPPORTED_DIGESTS.contains(ds.getDigestID());
  }

  private static boolean matches(NSEC3Record nsec3, Name name) {
    byte[] hash = hash(nsec3, name);
    return hash != null && Arrays.equals(hash, ownerHash(nsec3));
  }

  /** Whether the NSEC3's span (owner hash, next hash) covers the hash of {@code name}, with wrap-around. */
  private static boolean covers(NSEC3Record nsec3, Name name) {
    byte[] hash = hash(nsec3, name);
    byte[] owner = ownerHash(nsec3);
    if (hash == null || owner == null) {
      return false;
    }
    byte[] next = nsec3.getNext();
    int ownerVsNext = Arrays.compareUnsigned(owner, next);
    boolean afterOwner = Arrays.compareUnsigned(hash, owner) > 0;
    boolean beforeNext = Arrays.compareUnsigned(hash, next) < 0;
    return ownerVsNext < 0 ? afterOwner && beforeNext : afterOwner || beforeNext;
  }

  private static byte[] hash(NSEC3Record nsec3, Name name) {
    try {
      return nsec3.hashName(name);
    } catch (NoSuchAlgorithmException e) {
      return null;
    }
  }

  private static byte[] ownerHash(NSEC3Record nsec3) {
    try {
      return new base32(base32.Alphabet.BASE32HEX, false, false).fromString(nsec3.getName().getLabelString(0).toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
