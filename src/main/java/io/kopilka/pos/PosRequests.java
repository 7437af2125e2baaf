package io.kopilka.pos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kopilka.checkout.ReceiptCommand;
import io.kopilka.checkout.ReturnCommand;
import io.kopilka.customers.CustomerRef;
import io.kopilka.customers.Enrolment;
import io.kopilka.platform.FieldErrors;
import io.kopilka.platform.Phones;
import io.kopilka.platform.PlainText;
import io.kopilka.platform.Problems;
import io.kopilka.platform.Secrets;
import io.kopilka.platform.TerminalIdentity;
import io.kopilka.rules.ReceiptInput;

/**
 * Reads POS request bodies into validated commands, reporting every mistake with its field
 * (docs/api/pos.md#bad-input). Bodies are parsed here rather than bound, so that the raw request can be
 * hashed for idempotency and no malformed input ever reaches a use case.
 */
@ApplicationScoped
public class PosRequests {

    static final int MAX_BODY_BYTES = 256 * 1024;
    static final int MAX_LINES = 500;
    private static final Pattern NUMBER = Pattern.compile("[A-Za-z0-9._/-]{1,64}");
    private static final Pattern CODE = Pattern.compile("[0-9]{6}");
    static final int MAX_CARD_CHARS = 64;
    private static final Set<String> LANGUAGES = Set.of("ru", "uk", "bg", "en");

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kopilka.pos.max-receipt-age-days", defaultValue = "30")
    int maxReceiptAgeDays;

    @ConfigProperty(name = "kopilka.pos.max-clock-skew-minutes", defaultValue = "5")
    int maxClockSkewMinutes;

    JsonNode parse(byte[] body, int maxBytes) {
        if (body == null || body.length == 0) {
            throw Problems.malformedJson("The request body is empty");
        }
        if (body.length > maxBytes) {
            throw Problems.tooLarge("The body has " + body.length + " bytes; at most " + maxBytes + " are accepted");
        }
        try {
            JsonNode root = json.readTree(body);
            FieldErrors errors = new FieldErrors();
            if (JsonFields.requireObject(root, errors)) {
                PlainText.checkTree(root, "", errors);
            }
            errors.throwIfAny();
            return root;
        } catch (JsonProcessingException e) {
            throw Problems.malformedJson("The body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw Problems.malformedJson("The body could not be read");
        }
    }

    ReceiptCommand receipt(TerminalIdentity till, JsonNode root, boolean offline, Instant now, String prefix) {
        FieldErrors errors = new FieldErrors();
        String receiptNo = JsonFields.text(root, "receipt_no", prefix + "receipt_no", errors, true, 64);
        if (receiptNo != null && !NUMBER.matcher(receiptNo).matches()) {
            errors.add(prefix + "receipt_no", "must be 1-64 characters of A-Z a-z 0-9 . _ / -");
        }
        OffsetDateTime occurredAt = occurredAt(root, prefix, errors, now);
        CustomerRef customer = customer(till, root, prefix, errors);
        List<ReceiptCommand.Line> lines = lines(root, prefix, errors);
        ReceiptInput.Redeem redeem = redeem(root, prefix, errors);
        ReceiptInput.Mode mode = ReceiptInput.Mode.auto;
        String modeText = JsonFields.text(root, "mode", prefix + "mode", errors, false, 16);
        if (modeText != null) {
            try {
                mode = ReceiptInput.Mode.valueOf(modeText);
            } catch (IllegalArgumentException e) {
                errors.add(prefix + "mode", "must be auto, bonus or discount");
            }
        }
        List<String> promoCodes = promoCodes(root, prefix, errors);
        Boolean hold = JsonFields.bool(root, "hold", prefix + "hold", errors, false);
        if (offline && Boolean.TRUE.equals(hold)) {
            errors.add(prefix + "hold", "offline receipts cannot be held");
        }
        errors.throwIfAny();
        byte[] hash = Secrets.sha256(JsonFields.canonical(root).toString().getBytes(StandardCharsets.UTF_8));
        return new ReceiptCommand(receiptNo, occurredAt, customer, lines, redeem, mode, promoCodes,
                Boolean.TRUE.equals(hold), offline, hash);
    }

    private OffsetDateTime occurredAt(JsonNode root, String prefix, FieldErrors errors, Instant now) {
        String text = JsonFields.text(root, "occurred_at", prefix + "occurred_at", errors, true, 64);
        if (text == null) {
            return null;
        }
        OffsetDateTime t;
        try {
            t = OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            errors.add(prefix + "occurred_at", "must be an ISO-8601 time with offset, e.g. 2026-11-22T10:15:00+03:00");
            return null;
        }
        if (t.toInstant().isAfter(now.plus(maxClockSkewMinutes, ChronoUnit.MINUTES))) {
            errors.add(prefix + "occurred_at", "is more than " + maxClockSkewMinutes + " minutes in the future");
        } else if (t.toInstant().isBefore(now.minus(maxReceiptAgeDays, ChronoUnit.DAYS))) {
            errors.add(prefix + "occurred_at", "is older than " + maxReceiptAgeDays + " days");
        }
        return t;
    }

    private CustomerRef customer(TerminalIdentity till, JsonNode root, String prefix, FieldErrors errors) {
        JsonNode n = root.get("customer");
        if (n == null || n.isNull()) {
            return null;
        }
        String path = prefix + "customer";
        if (!n.isObject()) {
            errors.add(path, "must be an object with phone, card or customer_id");
            return null;
        }
        return customerRef(till, n, path + ".", errors);
    }

    CustomerRef customerRef(TerminalIdentity till, JsonNode n, String path, FieldErrors errors) {
        String phoneText = JsonFields.text(n, "phone", path + "phone", errors, false, 32);
        String card = JsonFields.text(n, "card", path + "card", errors, false, 128);
        Long id = JsonFields.integer(n, "customer_id", path + "customer_id", errors, false, 1, Long.MAX_VALUE);
        int given = (phoneText != null ? 1 : 0) + (card != null ? 1 : 0) + (id != null ? 1 : 0);
        if (given == 0) {
            // A customer object that names nobody (empty or null keys) must not silently become an anonymous
            // receipt; a key of the wrong type has already been reported under its own name.
            boolean reported = false;
            for (String key : new String[] {"phone", "card", "customer_id"}) {
                JsonNode v = n.get(key);
                reported |= v != null && !v.isNull() && !(v.isTextual() && v.textValue().isBlank());
            }
            if (!reported) {
                errors.add(path.substring(0, path.length() - 1), "must name the customer by phone, card or customer_id");
            }
            return null;
        }
        if (given > 1) {
            errors.add(path.substring(0, path.length() - 1), "give only one of phone, card or customer_id");
            return null;
        }
        if (phoneText != null) {
            String phone = Phones.normalize(phoneText, till.phoneRegion());
            if (phone == null) {
                errors.add(path + "phone", "is not a valid phone number");
                return null;
            }
            return new CustomerRef(phone, null, null);
        }
        return new CustomerRef(null, card, id);
    }

    private List<ReceiptCommand.Line> lines(JsonNode root, String prefix, FieldErrors errors) {
        JsonNode n = root.get("lines");
        String path = prefix + "lines";
        if (n == null || n.isNull()) {
            errors.add(path, "is required");
            return List.of();
        }
        if (!n.isArray()) {
            errors.add(path, "must be an array");
            return List.of();
        }
        if (n.isEmpty() || n.size() > MAX_LINES) {
            errors.add(path, "must have 1 to " + MAX_LINES + " lines");
            return List.of();
        }
        List<ReceiptCommand.Line> out = new ArrayList<>(n.size());
        for (int i = 0; i < n.size(); i++) {
            JsonNode line = n.get(i);
            String p = path + "[" + i + "].";
            if (!line.isObject()) {
                errors.add(path + "[" + i + "]", "must be an object");
                continue;
            }
            String sku = JsonFields.text(line, "sku", p + "sku", errors, true, 128);
            String name = JsonFields.text(line, "name", p + "name", errors, false, 128);
            String category = JsonFields.text(line, "category", p + "category", errors, false, 128);
            var qty = JsonFields.qty(line, "qty", p + "qty", errors);
            Long amount = JsonFields.integer(line, "amount_minor", p + "amount_minor", errors, true, 0,
                    JsonFields.MAX_AMOUNT_MINOR);
            if (sku != null && qty != null && amount != null) {
                out.add(new ReceiptCommand.Line(sku, name, category, qty, amount));
            }
        }
        return out;
    }

    private ReceiptInput.Redeem redeem(JsonNode root, String prefix, FieldErrors errors) {
        JsonNode n = root.get("redeem_points");
        if (n == null || n.isNull()) {
            return ReceiptInput.Redeem.NONE;
        }
        if (n.isTextual() && "max".equals(n.textValue())) {
            return new ReceiptInput.Redeem(true, 0);
        }
        if (n.isTextual()) {
            errors.add(prefix + "redeem_points", "must be a number of points or \"max\"");
            return ReceiptInput.Redeem.NONE;
        }
        Long points = JsonFields.integer(root, "redeem_points", prefix + "redeem_points", errors, false, 0,
                JsonFields.MAX_AMOUNT_MINOR);
        return points == null ? ReceiptInput.Redeem.NONE : new ReceiptInput.Redeem(false, points);
    }

    private List<String> promoCodes(JsonNode root, String prefix, FieldErrors errors) {
        JsonNode n = root.get("promo_codes");
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray() || n.size() > 10) {
            errors.add(prefix + "promo_codes", "must be an array of at most 10 codes");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode c = n.get(i);
            if (!c.isTextual() || c.textValue().isBlank() || c.textValue().length() > 64
                    || PlainText.notALabel(c.textValue()) != null) {
                errors.add(prefix + "promo_codes[" + i + "]", "must be a code of 1 to 64 characters");
            } else {
                out.add(c.textValue());
            }
        }
        return out;
    }

    /** What a register reads off a printed receipt to find it at another store: the store's code and the number. */
    record PrintedReceipt(String storeCode, String receiptNo) {
    }

    /** The query parameters of GET /receipts/lookup; store codes follow the same alphabet as receipt numbers. */
    PrintedReceipt printedReceipt(String storeCode, String receiptNo) {
        FieldErrors errors = new FieldErrors();
        printedNumber("store", storeCode, errors);
        printedNumber("receipt_no", receiptNo, errors);
        errors.throwIfAny();
        return new PrintedReceipt(storeCode, receiptNo);
    }

    private static void printedNumber(String field, String value, FieldErrors errors) {
        if (value == null || value.isEmpty()) {
            errors.add(field, "is required");
        } else if (!NUMBER.matcher(value).matches()) {
            errors.add(field, "must be 1-64 characters of A-Z a-z 0-9 . _ / -");
        }
    }

    ReturnCommand returnCommand(JsonNode root) {
        FieldErrors errors = new FieldErrors();
        String returnNo = JsonFields.text(root, "return_no", "return_no", errors, true, 64);
        if (returnNo != null && !NUMBER.matcher(returnNo).matches()) {
            errors.add("return_no", "must be 1-64 characters of A-Z a-z 0-9 . _ / -");
        }
        List<ReturnCommand.Line> lines = new ArrayList<>();
        JsonNode n = root.get("lines");
        if (n == null || !n.isArray() || n.isEmpty() || n.size() > MAX_LINES) {
            errors.add("lines", "must be an array of 1 to " + MAX_LINES + " lines");
        } else {
            for (int i = 0; i < n.size(); i++) {
                JsonNode line = n.get(i);
                if (!line.isObject()) {
                    errors.add("lines[" + i + "]", "must be an object");
                    continue;
                }
                Long index = JsonFields.integer(line, "line_index", "lines[" + i + "].line_index", errors, true, 0, MAX_LINES - 1);
                var qty = JsonFields.qty(line, "qty", "lines[" + i + "].qty", errors);
                if (index != null && qty != null) {
                    lines.add(new ReturnCommand.Line(index.intValue(), qty));
                }
            }
        }
        errors.throwIfAny();
        byte[] hash = Secrets.sha256(JsonFields.canonical(root).toString().getBytes(StandardCharsets.UTF_8));
        return new ReturnCommand(returnNo, List.copyOf(lines), hash);
    }

    Enrolment.Application enrolment(TerminalIdentity till, JsonNode root, Instant now) {
        FieldErrors errors = new FieldErrors();
        String phone = phone(till, root, errors);
        String card = JsonFields.text(root, "card", "card", errors, false, 64);
        String name = JsonFields.text(root, "name", "name", errors, false, 128);
        LocalDate birthDate = null;
        String birth = JsonFields.text(root, "birth_date", "birth_date", errors, false, 10);
        if (birth != null) {
            try {
                birthDate = LocalDate.parse(birth);
                if (birthDate.isAfter(LocalDate.ofInstant(now, till.storeZone())) || birthDate.getYear() < 1900) {
                    errors.add("birth_date", "must be a past date after 1900");
                }
            } catch (DateTimeParseException e) {
                errors.add("birth_date", "must be a date like 1990-05-17");
            }
        }
        Boolean consent = JsonFields.bool(root, "sms_consent", "sms_consent", errors, true);
        String referral = JsonFields.text(root, "referral_code", "referral_code", errors, false, 16);
        String language = JsonFields.text(root, "language", "language", errors, false, 2);
        if (language != null && !LANGUAGES.contains(language)) {
            errors.add("language", "must be one of ru, uk, bg, en");
        }
        String preferredMode = JsonFields.text(root, "preferred_mode", "preferred_mode", errors, false, 8);
        if (preferredMode != null && !preferredMode.equals("bonus") && !preferredMode.equals("discount")) {
            errors.add("preferred_mode", "must be bonus or discount");
        }
        errors.throwIfAny();
        return new Enrolment.Application(phone, card, name, birthDate, consent, referral, language, preferredMode);
    }

    /** A required phone in any local form, normalised to E.164. */
    private static String phone(TerminalIdentity till, JsonNode root, FieldErrors errors) {
        String phoneText = JsonFields.text(root, "phone", "phone", errors, true, 32);
        if (phoneText == null) {
            return null;
        }
        String phone = Phones.normalize(phoneText, till.phoneRegion());
        if (phone == null) {
            errors.add("phone", "is not a valid phone number");
        }
        return phone;
    }

    /** The new phone of a phone change. */
    String newPhone(TerminalIdentity till, JsonNode root) {
        FieldErrors errors = new FieldErrors();
        String phone = phone(till, root, errors);
        errors.throwIfAny();
        return phone;
    }

    /** A replacement card: the customers table keeps cards of up to 64 characters. */
    String card(JsonNode root) {
        FieldErrors errors = new FieldErrors();
        String card = JsonFields.text(root, "card", "card", errors, true, MAX_CARD_CHARS);
        errors.throwIfAny();
        return card;
    }

    boolean smsConsent(JsonNode root) {
        FieldErrors errors = new FieldErrors();
        Boolean consent = JsonFields.bool(root, "sms_consent", "sms_consent", errors, true);
        errors.throwIfAny();
        return consent;
    }

    /** The code sent by SMS: six digits. */
    String code(JsonNode root) {
        FieldErrors errors = new FieldErrors();
        String code = JsonFields.text(root, "code", "code", errors, true, 6);
        if (code != null && !CODE.matcher(code).matches()) {
            errors.add("code", "must be the 6 digits sent by SMS");
        }
        errors.throwIfAny();
        return code;
    }
}
