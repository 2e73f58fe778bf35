package org.dane4j.core;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.dane4j.core.DaneResult.CertificateDiagnostic;
import org.dane4j.core.DaneResult.Outcome;
import org.dane4j.core.DaneResult.RecordDiagnostic;
import org.dane4j.core.internal.ChainDigests;
import org.dane4j.core.internal.Keys;
import org.dane4j.core.internal.PathBuilder;
import org.dane4j.core.internal.PathBuilder.Anchor;
import org.dane4j.core.internal.ReferenceNames;
import org.dane4j.core.internal.VerificationMemo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a TLS server's certificate chain against its TLSA records: DANE authentication as
 * RFC 7671 sections 5 and 9 and RFC 7672 section 3 define it for SMTP.
 *
 * <p>A TLSA record says which certificate (or public key) the server may present:
 * <ul>
 *   <li><b>DANE-EE(3)</b> names the server's own certificate or key. Only the leaf is
 *       compared; its names, validity dates and issuer do not matter, because the
 *       DNSSEC-signed record is the whole authentication (RFC 7672 section 3.1.1).
 *   <li><b>DANE-TA(2)</b> names a trust anchor: a CA certificate or key that issued the
 *       leaf, directly or through intermediates. The anchor is never the leaf itself. The
 *       verifier builds the path from the leaf to the anchor by issuer name and signature
 *       (so chains sent out of order or with extra certificates work), checks every
 *       signature (refusing MD2, MD5 and SHA-1 signatures, since JSSE applies no algorithm
 *       constraints to a custom trust manager), every validity date at the verifier's
 *       {@linkplain Builder#clock clock}, including the anchor certificate's, and
 *       basicConstraints, pathLenConstraint and keyUsage of each issuer (a certificate with a
 *       critical extension the verifier does not process, such as name constraints, fails
 *       closed); then the leaf
 *       must carry one of the reference names (RFC 7672 sections 3.2.2 and 3.2.3). A record
 *       with matching type Full(0) may carry an anchor the server does not send: a whole
 *       certificate ({@code 2 0 0}) or public key ({@code 2 1 0}) that signed the chain.
 * </ul>
 *
 * <p><b>Usable records.</b> Records this verifier cannot use are skipped, never an error:
 * PKIX-TA(0) and PKIX-EE(1) in the {@linkplain DaneProfile#SMTP SMTP profile}, unassigned
 * or private-use values, digest data of the wrong length ({@link TlsaRecord#unusableReason()}),
 * and digest matching types left out of the {@linkplain Builder#digestPreference digest
 * preference}. When no record is usable the result is {@link DaneResult.Status#NO_USABLE_RECORDS}.
 *
 * <p><b>Digest algorithm agility</b> (RFC 7671 section 9). Among the usable records with
 * the same usage and selector, only those with the most preferred digest matching type
 * present are used (default: SHA2-512(2) over SHA2-256(1)); the others are
 * {@linkplain DaneResult.Outcome#SUPERSEDED superseded}. So with {@code 3 1 1} and
 * {@code 3 1 2} published, a key that matches only the {@code 3 1 1} record fails: a
 * broken weaker digest cannot be used to impersonate the server. Full(0) records compare
 * the content itself, which no digest algorithm can weaken, so they are always used beside
 * the strongest digest (the RFC's own example: a key matching {@code 3 1 0} or {@code 3 1 2}
 * is accepted, one matching only {@code 3 1 1} is not).
 *
 * <p><b>Cost.</b> {@link #verify} does no I/O and no DNS. Each certificate and each SPKI
 * is encoded and digested at most once per call, and each signature verified at most once,
 * so it is cheap enough to run in every TLS handshake. DANE-EE(3) costs about one digest of
 * the leaf's key. A successful DANE-TA(2) verification is remembered in a bounded memo
 * ({@linkplain Builder#cacheMaxEntries size}) keyed by the exact bytes of every certificate,
 * the TLSA records and the reference names: the same server presenting the same chain again
 * is answered without signature checks, for as long as the verifier's clock stays within
 * the validity dates of the certificates on the path. Any other chain, record set or name
 * list, however similar, is verified afresh.
 *
 * <p>Instances are immutable and thread-safe; build one and share it:
 *
 * <pre>{@code
 * DaneVerifier verifier = DaneVerifier.builder().build();
 * DaneResult result = verifier.verify(chain, tlsaRecords, List.of("mx1.example.org", "example.org"));
 * if (!result.isVerified()) {
 *   log.warn("{}", result.explanation());   // per record and per chain depth, what would match
 * }
 * }</pre>
 */
public final class DaneVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(DaneVerifier.class);
  // DANE-EE first: it is the cheaper check and the common deployment.
  private static final List<Usage> ORDER = List.of(Usage.DANE_EE, Usage.DANE_TA);

  private final Clock clock;
  private final List<MatchingType> digestPreference;
  private final DaneProfile profile;
  private final int cacheMaxEntries;
  private final VerificationMemo memo;

  private DaneVerifier(Builder builder) {
    this.clock = builder.clock;
    this.digestPreference = builder.digestPreference;
    this.profile = builder.profile;
    this.cacheMaxEntries = builder.cacheMaxEntries;
    this.memo = cacheMaxEntries == 0 ? null : new VerificationMemo(cacheMaxEntries);
  }

  /** A builder with the defaults: system UTC clock, SHA2-512 over SHA2-256, SMTP profile. */
  public static Builder builder() {
    return new Builder();
  }

  /** The clock at which DANE-TA(2) validity dates are checked. */
  public Clock clock() {
    return clock;
  }

  /** The enabled digest matching types, strongest first. */
  public List<MatchingType> digestPreference() {
    return digestPreference;
  }

  /** The application profile. */
  public DaneProfile profile() {
    return profile;
  }

  /** The most DANE-TA(2) results the memo keeps; 0 if it is off. */
  public int cacheMaxEntries() {
    return cacheMaxEntries;
  }

  /**
   * Whether this verifier can use the record for matching. Callers that decide between
   * "authenticated TLS" and "TLS without authentication" (RFC 7672 section 2.2) should ask
   * the verifier rather than {@link TlsaRecord#isUsable()}, since the verifier's digest
   * preference may disable a matching type.
   */
  public boolean isUsable(TlsaRecord record) {
    return unusableReason(record) == null;
  }

  /** Why this verifier cannot use the record, in words; {@code null} if it can. */
  public String unusableReason(TlsaRecord record) {
    Objects.requireNonNull(record, "record");
    String reason = record.unusableReason();
    if (reason != null) {
      return reason;
    }
    MatchingType type = record.matchingType();
    if (type.isDigest() && !digestPreference.contains(type)) {
      return "matching type " + type + " is not enabled in this verifier's digest preference " + digestPreference;
    }
    return null;
  }

  /**
   * Verifies a server's certificate chain against a TLSA RRset.
   *
   * @param chain the certificates as the server sent them, the server's own (leaf) certificate
   *     first; the others in any order, unrelated extras allowed
   * @param tlsa the TLSA records (a validated RRset); unusable records are allowed and
   *     skipped; an empty collection gives {@link DaneResult.Status#NO_USABLE_RECORDS}
   * @param referenceNames the names the leaf must carry for DANE-TA(2) (RFC 7672 section
   *     3.2.2), e.g. the TLSA base domain and the next-hop domain; not used for DANE-EE(3);
   *     may be empty, in which case no DANE-TA(2) record can verify
   * @return the outcome with its evidence; never {@code null}. Odd certificates (empty
   *     subject, inverted dates, any key type) give a result, never an exception
   * @throws NullPointerException if an argument or an element of one is {@code null}
   * @throws IllegalArgumentException if the chain is empty
   */
  public DaneResult verify(List<X509Certificate> chain, Collection<TlsaRecord> tlsa,
      Collection<String> referenceNames) {
    List<X509Certificate> certificates = List.copyOf(Objects.requireNonNull(chain, "chain"));
    List<TlsaRecord> records = List.copyOf(Objects.requireNonNull(tlsa, "tlsa"));
    List<String> names = List.copyOf(Objects.requireNonNull(referenceNames, "referenceNames"));
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("chain is empty: the server's certificate is needed");
    }
    Instant now = clock.instant();
    VerificationMemo.Key key = memo != null && hasDaneTa(records) ? memo.key(certificates, records, names) : null;
    DaneResult result = key == null ? null : memo.get(key, now);
    if (result == null) {
      Run run = new Run(certificates, records, names, now);
      result = run.verify();
      // Only results that depend on nothing but the key and the validity span are kept.
      PathBuilder paths = run.paths;
      if (key != null && result.isVerified() && paths != null && paths.checkedSignatures() && paths.allDatesValid()) {
        memo.put(key, result, paths.latestNotBefore(), paths.earliestNotAfter());
      }
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug("{}", result.explanation());
    }
    return result;
  }

  private static boolean hasDaneTa(List<TlsaRecord> records) {
    for (TlsaRecord record : records) {
      if (record.usage() == Usage.DANE_TA) {
        return true;
      }
    }
    return false;
  }

  /** {@code DaneVerifier[profile=SMTP, digestPreference=[SHA2-512(2), SHA2-256(1)], clock=..., cacheMaxEntries=1000]}. */
  @Override
  public String toString() {
    return "DaneVerifier[profile=" + profile + ", digestPreference=" + digestPreference + ", clock=" + clock
        + ", cacheMaxEntries=" + cacheMaxEntries + "]";
  }

  /** The state of one {@link #verify} call: caches and per-record outcomes. */
  private final class Run {
    private final List<X509Certificate> chain;
    private final List<TlsaRecord> records;
    private final List<String> names;
    // Each record's fields, decoded once (the accessors map wire values to enums per call).
    private final Usage[] usages;
    private final Selector[] selectors;
    private final MatchingType[] types;
    private final Outcome[] outcomes;
    private final String[] details;
    private final Instant now;
    private final ChainDigests digests;
    private PathBuilder paths;
    private ReferenceNames.Match nameMatch;

    Run(List<X509Certificate> chain, List<TlsaRecord> records, List<String> names, Instant now) {
      this.chain = chain;
      this.records = records;
      this.names = names;
      this.usages = new Usage[records.size()];
      this.selectors = new Selector[records.size()];
      this.types = new MatchingType[records.size()];
      for (int i = 0; i < records.size(); i++) {
        usages[i] = records.get(i).usage();
        selectors[i] = records.get(i).selector();
        types[i] = records.get(i).matchingType();
      }
      this.outcomes = new Outcome[records.size()];
      this.details = new String[records.size()];
      this.now = now;
      this.digests = new ChainDigests(chain);
    }

    DaneResult verify() {
      boolean anyUsable = false;
      for (int i = 0; i < records.size(); i++) {
        String reason = unusableReason(records.get(i));
        if (reason != null) {
          set(i, Outcome.UNUSABLE, reason);
        } else {
          anyUsable = true;
        }
      }
      if (!anyUsable) {
        return DaneResult.noUsableRecords(names, diagnostics());
      }
      applyDigestAgility();
      for (Usage usage : ORDER) {
        for (int i = 0; i < records.size(); i++) {
          if (outcomes[i] != null || usages[i] != usage) {
            continue;
          }
          DaneResult verified = usage == Usage.DANE_EE ? tryDaneEe(i) : tryDaneTa(i);
          if (verified != null) {
            return verified;
          }
        }
      }
      return DaneResult.failed(names, diagnostics(), certificateDiagnostics());
    }

    // RFC 7671 section 9: per usage and selector, only the most preferred digest present.
    private void applyDigestAgility() {
      for (int i = 0; i < records.size(); i++) {
        if (outcomes[i] != null || !types[i].isDigest()) {
          continue;
        }
        MatchingType strongest = strongestDigest(usages[i], selectors[i]);
        if (types[i] != strongest) {
          set(i, Outcome.SUPERSEDED, "not used: " + strongest + " is also published for " + usages[i] + " "
              + selectors[i] + " and is preferred (digest algorithm agility, RFC 7671 section 9)");
        }
      }
    }

    private MatchingType strongestDigest(Usage usage, Selector selector) {
      Set<MatchingType> present = EnumSet.noneOf(MatchingType.class);
      for (int i = 0; i < records.size(); i++) {
        if (outcomes[i] == null && usages[i] == usage && selectors[i] == selector) {
          present.add(types[i]);
        }
      }
      for (MatchingType type : digestPreference) {
        if (present.contains(type)) {
          return type;
        }
      }
      throw new IllegalStateException("no enabled digest among " + present);
    }

    // RFC 7672 section 3.1.1: the leaf only; no name, date or chain checks.
    private DaneResult tryDaneEe(int i) {
      TlsaRecord record = records.get(i);
      byte[] leaf = digests.associationData(0, selectors[i], types[i]);
      if (leaf == null) {
        set(i, Outcome.NO_MATCH, "the leaf certificate cannot be compared: " + digests.problem(0));
        return null;
      }
      if (!record.dataEquals(leaf)) {
        set(i, Outcome.NO_MATCH, "");
        return null;
      }
      set(i, Outcome.MATCHED, "matched the leaf certificate (chain position 0)");
      return DaneResult.verified(names, record, 0, List.of(chain.get(0)), null, diagnostics());
    }

    // RFC 7671 section 5.2, RFC 7672 sections 3.1.2 and 3.2.
    private DaneResult tryDaneTa(int i) {
      TlsaRecord record = records.get(i);
      List<Anchor> anchors = new ArrayList<>();
      List<String> where = new ArrayList<>();
      for (int depth = 1; depth < chain.size(); depth++) {
        byte[] data = digests.associationData(depth, selectors[i], types[i]);
        if (data != null && record.dataEquals(data) && !isLeaf(depth)) {
          anchors.add(Anchor.of(chain.get(depth)));
          where.add(PathBuilder.subject(chain.get(depth)) + " (chain position " + depth + ")");
        }
      }
      if (anchors.isEmpty()) {
        byte[] leaf = digests.associationData(0, selectors[i], types[i]);
        if (leaf != null && record.dataEquals(leaf)) {
          set(i, Outcome.REJECTED, "it matches the leaf certificate, but a DANE-TA(2) trust anchor must be an issuer, "
              + "never the leaf (RFC 7671 section 5.2); publish it with usage DANE-EE(3) instead");
          return null;
        }
        if (types[i] != MatchingType.FULL) {
          set(i, Outcome.NO_MATCH, "");
          return null;
        }
        String problem = outOfBandAnchor(record, anchors, where);
        if (problem != null) {
          set(i, Outcome.NO_MATCH, problem);
          return null;
        }
      }
      Set<String> problems = new LinkedHashSet<>();
      for (int a = 0; a < anchors.size(); a++) {
        Anchor anchor = anchors.get(a);
        if (isLeafKey(anchor.key())) {
          problems.add("the trust anchor is the leaf's own key, but a DANE-TA(2) trust anchor must be an issuer, "
              + "never the leaf (RFC 7671 section 5.2)");
          continue;
        }
        if (paths == null) {
          paths = new PathBuilder(chain, now);
        }
        PathBuilder.Result path = paths.build(anchor);
        ReferenceNames.Match name = nameMatch();
        if (path.valid() && name.matched()) {
          List<X509Certificate> validated = path.path();
          int depth = anchor.certificate() == null ? validated.size() : validated.size() - 1;
          set(i, Outcome.MATCHED, "trust anchor " + where.get(a) + ", path depth " + depth + ", name "
              + name.matchedReferenceName());
          return DaneResult.verified(names, record, depth, validated, name.matchedReferenceName(), diagnostics());
        }
        problems.addAll(path.problems());
      }
      if (!nameMatch().matched()) {
        problems.add(nameMatch().problem());
      }
      set(i, Outcome.REJECTED, "matched " + String.join(" and ", where) + ", but " + String.join("; ", problems));
      return null;
    }

    // A Full(0) DANE-TA record whose data the server did not send may itself be the anchor
    // (RFC 7671 section 5.2.2; RFC 7672 section 3.1.2). Returns a problem, or null.
    private String outOfBandAnchor(TlsaRecord record, List<Anchor> anchors, List<String> where) {
      byte[] data = record.data();
      try {
        if (record.selector() == Selector.CERT) {
          X509Certificate certificate = Keys.decodeCertificate(data);
          anchors.add(Anchor.of(certificate));
          where.add(PathBuilder.subject(certificate) + " (certificate from the TLSA record, not sent by the server)");
        } else {
          anchors.add(Anchor.of(Keys.decodePublicKey(data)));
          where.add("the public key from the TLSA record (not sent by the server)");
        }
        return null;
      } catch (IllegalArgumentException e) {
        return "no certificate of the chain matches, and the record's data is " + e.getMessage();
      }
    }

    private boolean isLeaf(int depth) {
      byte[] leaf = digests.associationData(0, Selector.CERT, MatchingType.FULL);
      byte[] other = digests.associationData(depth, Selector.CERT, MatchingType.FULL);
      return leaf != null && Arrays.equals(leaf, other);
    }

    private boolean isLeafKey(PublicKey key) {
      byte[] leafKey = digests.associationData(0, Selector.SPKI, MatchingType.FULL);
      return leafKey != null && Arrays.equals(leafKey, key.getEncoded());
    }

    private ReferenceNames.Match nameMatch() {
      if (nameMatch == null) {
        nameMatch = ReferenceNames.check(chain.get(0), names);
      }
      return nameMatch;
    }

    private void set(int i, Outcome outcome, String detail) {
      outcomes[i] = outcome;
      details[i] = detail;
    }

    private List<RecordDiagnostic> diagnostics() {
      List<RecordDiagnostic> list = new ArrayList<>(records.size());
      for (int i = 0; i < records.size(); i++) {
        list.add(outcomes[i] == null
            ? new RecordDiagnostic(records.get(i), Outcome.NOT_TRIED, "")
            : new RecordDiagnostic(records.get(i), outcomes[i], details[i]));
      }
      return list;
    }

    // Per chain position, the record that would match it for each selector and matching
    // type in use: what the operator could publish (DANE-EE at depth 0, DANE-TA above).
    private List<CertificateDiagnostic> certificateDiagnostics() {
      Set<List<Object>> combinations = new LinkedHashSet<>();
      for (int i = 0; i < records.size(); i++) {
        if (outcomes[i] != Outcome.UNUSABLE && outcomes[i] != Outcome.SUPERSEDED) {
          combinations.add(List.of(selectors[i], types[i]));
        }
      }
      List<CertificateDiagnostic> list = new ArrayList<>(chain.size());
      for (int depth = 0; depth < chain.size(); depth++) {
        Usage usage = depth == 0 ? Usage.DANE_EE : Usage.DANE_TA;
        List<TlsaRecord> wouldBe = new ArrayList<>();
        for (List<Object> combination : combinations) {
          Selector selector = (Selector) combination.get(0);
          MatchingType type = (MatchingType) combination.get(1);
          byte[] data = digests.associationData(depth, selector, type);
          if (data != null) {
            wouldBe.add(TlsaRecord.of(usage, selector, type, data));
          }
        }
        list.add(new CertificateDiagnostic(depth, chain.get(depth), wouldBe));
      }
      return list;
    }
  }

  /**
   * Options of a {@link DaneVerifier}. Every setter validates at once; the defaults are
   * the safe choice for SMTP.
   */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private List<MatchingType> digestPreference = List.of(MatchingType.SHA2_512, MatchingType.SHA2_256);
    private DaneProfile profile = DaneProfile.SMTP;
    private int cacheMaxEntries = 1000;

    private Builder() {}

    /**
     * The clock for DANE-TA(2) validity-date checks (DANE-EE(3) ignores dates). Default:
     * {@link Clock#systemUTC()}.
     *
     * @throws NullPointerException if {@code clock} is {@code null}
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The digest matching types to use, strongest first, for digest algorithm agility
     * (RFC 7671 section 9). Default: {@code SHA2_512, SHA2_256}. A digest type left out is
     * disabled: records using it are unusable. Full(0) is not a digest and always enabled.
     *
     * @throws IllegalArgumentException if the list is empty, has duplicates or names a
     *     matching type that is not a digest
     */
    public Builder digestPreference(MatchingType... strongestFirst) {
      List<MatchingType> list = List.of(strongestFirst);
      if (list.isEmpty()) {
        throw new IllegalArgumentException("digestPreference needs at least one digest matching type");
      }
      for (MatchingType type : list) {
        if (!type.isDigest()) {
          throw new IllegalArgumentException("digestPreference takes digest matching types only, not " + type);
        }
      }
      if (EnumSet.copyOf(list).size() != list.size()) {
        throw new IllegalArgumentException("digestPreference has duplicates: " + list);
      }
      this.digestPreference = list;
      return this;
    }

    /**
     * The application profile. Default and only value today: {@link DaneProfile#SMTP}.
     *
     * @throws NullPointerException if {@code profile} is {@code null}
     */
    public Builder profile(DaneProfile profile) {
      this.profile = Objects.requireNonNull(profile, "profile");
      return this;
    }

    /**
     * The most successful DANE-TA(2) verifications remembered, so that a chain seen before
     * is not checked signature by signature again (see the class documentation: keyed by
     * the exact certificate bytes, records and names; honours the clock and the
     * certificates' dates). The least recently used result goes first. Each entry holds the
     * chain's encodings and the result, a few kilobytes. 0 turns the memo off. Default 1000.
     *
     * @throws IllegalArgumentException if {@code max} is negative
     */
    public Builder cacheMaxEntries(int max) {
      if (max < 0) {
        throw new IllegalArgumentException("cacheMaxEntries must be 0 (off) or more, not " + max);
      }
      this.cacheMaxEntries = max;
      return this;
    }

    /** The verifier. */
    public DaneVerifier build() {
      return new DaneVerifier(this);
    }
  }
}
