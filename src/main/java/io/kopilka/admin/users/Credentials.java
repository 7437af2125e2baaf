package io.kopilka.admin.users;

import java.util.regex.Pattern;

import io.kopilka.platform.FieldErrors;
import io.kopilka.platform.ProblemException;
import io.kopilka.platform.Problems;
import io.kopilka.platform.Secrets;

/** What a staff user's email and password must be, whoever creates the user: head office or a platform operator. */
public final class Credentials {

    static final int MIN_PASSWORD = 10;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private Credentials() {
    }

    /** Adds a mistake of the email or password to {@code errors} under the given field names. */
    public static void check(FieldErrors errors, String emailField, String email, String passwordField, String password) {
        if (errors.text(emailField, email, true, 128) && !EMAIL.matcher(email.strip()).matches()) {
            errors.add(emailField, "must be an email address");
        }
        if (password == null || password.isEmpty()) {
            errors.add(passwordField, "is required");
        } else if (password.length() < MIN_PASSWORD) {
            errors.add(passwordField, "must be at least " + MIN_PASSWORD + " characters");
        } else if (Secrets.passwordTooLong(password)) {
            errors.add(passwordField, "must be at most " + Secrets.MAX_PASSWORD_CHARS + " characters");
        }
    }

    /** Emails are unique across all chains, because a user signs in by email alone (docs/operations.md, "Chains"). */
    public static ProblemException emailTaken() {
        return Problems.conflict("email-taken", "The email is taken", "A user with this email already exists");
    }
}
