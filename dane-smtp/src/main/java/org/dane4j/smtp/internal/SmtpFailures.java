package org.dane4j.smtp.internal;

import jakarta.mail.MessagingException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import javax.net.ssl.SSLException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/** Reads what went wrong out of the exceptions Eclipse Angus Mail's SMTP transport throws. */
public final class SmtpFailures {
  /** Angus Mail's message when {@code mail.smtp.starttls.required} is set and STARTTLS is not offered. */
  private static final String STARTTLS_MISSING = "STARTTLS is required but host does not support STARTTLS";

  private SmtpFailures() {
  }

  /** Whether the server did not offer STARTTLS although it was required. */
  public static boolean isStartTlsMissing(Throwable failure) {
    return chain(failure).stream()
        .anyMatch(t -> t.getMessage() != null && t.getMessage().contains(STARTTLS_MISSING));
  }

  /** Whether the failure came from the TLS layer. */
  public static boolean isTlsFailure(Throwable failure) {
    return chain(failure).stream().anyMatch(SSLException.class::isInstance);
  }

  /** The SMTP reply code of the first refusal in the exception chain, if the server sent one. */
  public static OptionalInt replyCode(Throwable failure) {
    for (Throwable t : chain(failure)) {
      if (t instanceof SMTPAddressFailedException address) {
        return OptionalInt.of(address.getReturnCode());
      }
      if (t instanceof SMTPSenderFailedException sender) {
        return OptionalInt.of(sender.getReturnCode());
      }
      if (t instanceof SMTPSendFailedException send) {
        return OptionalInt.of(send.getReturnCode());
      }
    }
    return OptionalInt.empty();
  }

  /** Multi-line evidence (a DANE explanation) as one line, its lines joined by " | ". */
  public static String oneLine(String text) {
    return text.lines().map(String::strip).filter(line -> !line.isEmpty())
        .collect(java.util.stream.Collectors.joining(" | "));
  }

  /** The exception's message and those of its causes and nested exceptions, one per line. */
  public static String describe(Throwable failure) {
    StringBuilder out = new StringBuilder();
    for (Throwable t : chain(failure)) {
      String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
      if (out.indexOf(message) < 0) {
        out.append(out.length() == 0 ? "" : "\n").append(message);
      }
    }
    return out.toString();
  }

  /** Causes and Jakarta Mail's nested exceptions, in order, each once. */
  private static List<Throwable> chain(Throwable failure) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Throwable> ordered = new ArrayList<>();
    Deque<Throwable> todo = new ArrayDeque<>();
    todo.add(failure);
    while (!todo.isEmpty()) {
      Throwable t = todo.poll();
      if (!seen.add(t)) {
        continue;
      }
      ordered.add(t);
      if (t.getCause() != null) {
        todo.add(t.getCause());
      }
      if (t instanceof MessagingException messaging && messaging.getNextException() != null) {
        todo.add(messaging.getNextException());
      }
    }
    return ordered;
  }
}
