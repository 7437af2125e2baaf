package io.kopilka.platform;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * When the till's time-out has answered 503 (HttpGuards), the request's own answer that comes later cannot be
 * written and the framework logs that as an error with a stack trace. HttpGuards has already logged the late
 * request as a warning, so that second report is dropped from the log.
 */
@LoggingFilter(name = "late-answers")
public final class LateAnswers implements Filter {

    static final String WRITTEN = "Response has already been written";

    @Override
    public boolean isLoggable(LogRecord record) {
        for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
            if (t instanceof IllegalStateException && WRITTEN.equals(t.getMessage())) {
                return false;
            }
        }
        return true;
    }
}
