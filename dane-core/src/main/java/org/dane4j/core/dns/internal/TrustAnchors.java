package org.dane4j.core.dns.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** Trust anchors: the built-in IANA root anchors and the check of user-supplied ones. */
public final class TrustAnchors {
  /**
   * The DS records of the root zone's key-signing keys as published by IANA
   * (root-anchors.xml): KSK-2017 (key tag 20326) and KSK-2024 (key tag 38696), both
   * RSA/SHA-256 (algorithm 8) with SHA-256 digests (digest type 2).
   */
  public static final String IANA_ROOT =
      ". IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D\n"
      + ". IN DS 38696 8 2 683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16\n";

  private TrustAnchors() {
  }

  /**
   * Checks that zone-file text holds at least one DS or DNSKEY record and nothing that
   * does not parse.
   *
   * @throws IllegalArgumentException naming the problem
   */
  public static void check(String zoneFileText) {
    if (anchorRecords(zoneFileText).isEmpty()) {
      throw new IllegalArgumentException("Trust anchors hold no DS or DNSKEY record: " + abbreviate(zoneFileText));
    }
  }

  /** The distinct owner names of the DS and DNSKEY records in checked zone-file text. */
  static List<Name> owners(String zoneFileText) {
    Set<Name> owners = new LinkedHashSet<>();
    anchorRecords(zoneFileText).forEach(r -> owners.add(r.getName()));
    return List.copyOf(owners);
  }

  private static List<Record> anchorRecords(String zoneFileText) {
    List<Record> anchors = new ArrayList<>();
    try (Master master = new Master(new ByteArrayInputStream(zoneFileText.getBytes(StandardCharsets.UTF_8)),
        Name.root, 0)) {
      Record r;
      while ((r = master.nextRecord()) != null) {
        if (r.getType() == Type.DS || r.getType() == Type.DNSKEY) {
          anchors.add(r);
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("Trust anchors do not parse as zone-file records: " + e.getMessage(), e);
    }
    return anchors;
  }

  private static String abbreviate(String text) {
    String oneLine = text.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= 80 ? "\"" + oneLine + "\"" : "\"" + oneLine.substring(0, 77) + "...\"";
  }
}
