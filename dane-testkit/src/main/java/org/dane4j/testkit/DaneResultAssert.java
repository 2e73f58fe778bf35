package org.dane4j.testkit;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.AbstractObjectAssert;
import org.dane4j.core.DaneResult;
import org.dane4j.core.DaneResult.Outcome;
import org.dane4j.core.DaneResult.RecordDiagnostic;
import org.dane4j.core.DaneResult.Status;
import org.dane4j.core.TlsaRecord;

/**
 * AssertJ assertions for a {@link DaneResult}; obtain one with
 * {@link DaneAssertions#assertThat(DaneResult)}. Every failure message quotes the
 * result's explanation, so a failing test shows why the verifier decided as it did.
 */
public final class DaneResultAssert extends AbstractObjectAssert<DaneResultAssert, DaneResult> {

  DaneResultAssert(DaneResult actual) {
    super(actual, DaneResultAssert.class);
  }

  /** Verifies that the status is {@link Status#VERIFIED}. */
  public DaneResultAssert isVerified() {
    return hasStatus(Status.VERIFIED);
  }

  /** Verifies that the status is {@link Status#FAILED}. */
  public DaneResultAssert isFailed() {
    return hasStatus(Status.FAILED);
  }

  /** Verifies that the status is {@link Status#NO_USABLE_RECORDS}. */
  public DaneResultAssert hasNoUsableRecords() {
    return hasStatus(Status.NO_USABLE_RECORDS);
  }

  /** Verifies the status. */
  public DaneResultAssert hasStatus(Status expected) {
    isNotNull();
    if (actual.status() != expected) {
      failWithMessage("Expected DANE status %s but was %s:%n%s", expected, actual.status(), actual.explanation());
    }
    return this;
  }

  /** Verifies that the result is verified and matched at this depth of the validated path. */
  public DaneResultAssert matchedAtDepth(int expected) {
    isVerified();
    if (actual.matchedDepth().getAsInt() != expected) {
      failWithMessage("Expected a match at depth %d but it was at depth %d:%n%s", expected,
          actual.matchedDepth().getAsInt(), actual.explanation());
    }
    return this;
  }

  /** Verifies that the result is verified by this record, in presentation format ({@code "2 1 1 <hex>"}). */
  public DaneResultAssert matchedRecord(String expected) {
    return matchedRecord(TlsaRecord.parse(expected));
  }

  /** Verifies that the result is verified by this record. */
  public DaneResultAssert matchedRecord(TlsaRecord expected) {
    isVerified();
    if (!actual.matchedRecord().orElseThrow().equals(expected)) {
      failWithMessage("Expected a match by%n  %s%nbut it was by%n  %s%n%s", expected, actual.matchedRecord().get(),
          actual.explanation());
    }
    return this;
  }

  /** Verifies that the result is verified with this reference name (DANE-TA). */
  public DaneResultAssert matchedName(String expected) {
    isVerified();
    if (!Objects.equals(actual.matchedName().orElse(null), expected)) {
      failWithMessage("Expected matched name %s but was %s:%n%s", expected, actual.matchedName().orElse("(none)"),
          actual.explanation());
    }
    return this;
  }

  /** Verifies that the result is verified without a name check (DANE-EE). */
  public DaneResultAssert hasNoMatchedName() {
    isVerified();
    if (actual.matchedName().isPresent()) {
      failWithMessage("Expected no matched name but was %s:%n%s", actual.matchedName().get(), actual.explanation());
    }
    return this;
  }

  /** Verifies that the validated path is exactly these certificates, leaf first. */
  public DaneResultAssert hasValidatedPath(X509Certificate... expected) {
    isVerified();
    if (!actual.validatedPath().equals(List.of(expected))) {
      failWithMessage("Expected a validated path of %d certificate(s) %s but was %s:%n%s", expected.length,
          subjects(List.of(expected)), subjects(actual.validatedPath()), actual.explanation());
    }
    return this;
  }

  /** Verifies what became of a record, given in presentation format. */
  public DaneResultAssert recordHasOutcome(String record, Outcome expected) {
    return recordHasOutcome(TlsaRecord.parse(record), expected);
  }

  /** Verifies what became of a record. */
  public DaneResultAssert recordHasOutcome(TlsaRecord record, Outcome expected) {
    isNotNull();
    RecordDiagnostic found = actual.records().stream().filter(d -> d.record().equals(record)).findFirst().orElse(null);
    if (found == null) {
      failWithMessage("Expected record %s among the result's records, but it is not there:%n%s", record,
          actual.explanation());
    } else if (found.outcome() != expected) {
      failWithMessage("Expected record %s to be %s but it was %s:%n%s", record, expected, found, actual.explanation());
    }
    return this;
  }

  /** Verifies that the explanation contains every one of these texts. */
  public DaneResultAssert explanationContains(CharSequence... texts) {
    isNotNull();
    for (CharSequence text : texts) {
      if (!actual.explanation().contains(text)) {
        failWithMessage("Expected the explanation to contain%n  \"%s\"%nbut it was:%n%s", text, actual.explanation());
      }
    }
    return this;
  }

  /** Verifies that the explanation contains none of these texts. */
  public DaneResultAssert explanationDoesNotContain(CharSequence... texts) {
    isNotNull();
    for (CharSequence text : texts) {
      if (actual.explanation().contains(text)) {
        failWithMessage("Expected the explanation not to contain%n  \"%s\"%nbut it was:%n%s", text,
            actual.explanation());
      }
    }
    return this;
  }

  private static List<String> subjects(List<X509Certificate> certificates) {
    return certificates.stream().map(c -> c.getSubjectX500Principal().toString()).toList();
  }
}
