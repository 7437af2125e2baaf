package io.kopilka.admin.programme;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.programme.ProgrammeVersions;
import io.kopilka.platform.StrictJson;
import io.kopilka.platform.AuditLog;
import io.kopilka.platform.FieldErrors;
import io.kopilka.platform.PlainText;
import io.kopilka.platform.ProblemMappers;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kopilka.platform.ProblemException;
import io.kopilka.platform.Problems;
import io.kopilka.rules.ProgrammeValidator;
import io.kopilka.platform.StaffIdentity;
import io.kopilka.platform.Transactions;
import io.kopilka.rules.Programme;

/** Reads the chain's programme; the programme is head-office business. */
@ApplicationScoped
public class ProgrammeService {

    private record Meta(Long createdBy, String createdByEmail, OffsetDateTime createdAt) {
    }

    @Inject
    ProgrammeVersions programmes;

    @Inject
    Transactions tx;

    @Inject
    AuditLog audit;

    @Inject
    ObjectMapper json;

    @Inject
    Simulation simulation;

    @Inject
    ChainCategories chainCategories;

    public Programme active(StaffIdentity who) {
        who.requireHeadOffice();
        return programmes.active(who.chainId(), Instant.now());
    }

    /**
     * Stores a new version of the programme: validated as a whole, numbered after the latest, effective
     * from the given time (now when absent), and audited with the version it replaces.
     */
    public Programme publish(StaffIdentity who, JsonNode body) {
        who.requireHeadOffice();
        Programme draft = read(body);
        Instant now = Instant.now();
        Programme candidate = draft.effectiveFrom() == null
                // from the start of this minute: registers send occurred_at to the second, and a receipt
                // stamped a moment before the click should not miss a change meant as "now"
                ? draft.withEffectiveFrom(OffsetDateTime.now(java.time.ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.MINUTES))
                : draft;
        List<ProgrammeValidator.Violation> violations = ProgrammeValidator.check(candidate.withDefaults());
        if (!violations.isEmpty()) {
            List<ProblemException.FieldError> errors = new ArrayList<>();
            for (ProgrammeValidator.Violation v : violations) {
                errors.add(new ProblemException.FieldError(v.field(), v.message()));
            }
            throw new ProblemException(422, "invalid-programme", "The programme cannot be published",
                    errors.size() + " setting(s) are impossible; see errors", errors, Map.of());
        }
        Programme before = programmes.active(who.chainId(), now);
        Programme published = tx.inTransaction(c -> {
            try (PreparedStatement lock = c.prepareStatement(
                    "SELECT pg_advisory_xact_lock(7321002, ?)")) {
                lock.setInt(1, (int) who.chainId());
                lock.execute(); // two editors publishing at once get consecutive versions
            }
            int version;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT coalesce(max(version), 0) + 1 FROM program_versions WHERE chain_id = ?")) {
                ps.setLong(1, who.chainId());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    version = rs.getInt(1);
                }
            }
            Programme stored = candidate.withDefaults().withVersion(version);
            programmes.insert(c, who.chainId(), stored, who.userId());
            audit.record(c, who, "publish", "programme", version, before, stored, now);
            return stored;
        });
        programmes.forget(who.chainId()); // committed: this node's next read has it
        return published;
    }

    private static final List<String> REQUIRED = List.of("point_value_minor", "earn_mode", "earn_on",
            "max_redeem_share_pct", "min_line_price_pct", "accrual_delay_days", "expiry_days", "hold_ttl_minutes",
            "tiers", "promo_stacking");

    /** The whole document is required (PUT replaces the programme); optional parts may be absent or null. */
    Programme read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw Problems.invalid("$", "the body must be a programme document (a JSON object)");
        }
        FieldErrors errors = new FieldErrors();
        for (String field : REQUIRED) {
            if (!body.hasNonNull(field)) {
                errors.add(field, "is required");
            }
        }
        errors.throwIfAny();
        try {
            Programme programme = new StrictJson().apply(json, Programme.class).readValue(body);
            labels(programme, errors);
            errors.throwIfAny();
            return programme;
        } catch (JsonProcessingException e) {
            throw ProblemMappers.fromJackson(e);
        } catch (java.io.IOException e) {
            throw Problems.malformedJson("The programme could not be read");
        }
    }

    /** Names shown to cashiers and customers are labels (PlainText); their lengths are the validator's. */
    private static void labels(Programme p, FieldErrors errors) {
        for (int i = 0; p.tiers() != null && i < p.tiers().size(); i++) {
            label(errors, "tiers[" + i + "].name", p.tiers().get(i) == null ? null : p.tiers().get(i).name());
        }
        for (int i = 0; p.categories() != null && i < p.categories().size(); i++) {
            label(errors, "categories[" + i + "].category", p.categories().get(i) == null ? null : p.categories().get(i).category());
        }
        for (int i = 0; p.multipliers() != null && i < p.multipliers().size(); i++) {
            label(errors, "multipliers[" + i + "].category", p.multipliers().get(i) == null ? null : p.multipliers().get(i).category());
        }
    }

    private static void label(FieldErrors errors, String field, String value) {
        String why = value == null ? null : PlainText.notALabel(value);
        if (why != null) {
            errors.add(field, why);
        }
    }

    static final int MAX_SIMULATION_DAYS = 366;

    /** What-if: the period's receipts under a draft, next to what the programme in force did. Writes nothing. */
    public Simulation.Report simulate(StaffIdentity who, JsonNode body) {
        who.requireHeadOffice();
        if (body == null || !body.isObject()) {
            throw Problems.invalid("$", "the body must be {programme, from, to, stores?}");
        }
        FieldErrors errors = new FieldErrors();
        java.time.LocalDate from = date(body, "from", errors);
        java.time.LocalDate to = date(body, "to", errors);
        if (from != null && to != null && (to.isBefore(from) || Simulation.days(from, to) > MAX_SIMULATION_DAYS)) {
            errors.add("to", "must be on or after from, at most " + MAX_SIMULATION_DAYS + " days later");
        }
        List<String> stores = null;
        JsonNode s = body.get("stores");
        if (s != null && !s.isNull()) {
            if (!s.isArray()) {
                errors.add("stores", "must be an array of store codes");
            } else {
                stores = new ArrayList<>();
                for (JsonNode code : s) {
                    stores.add(code.asText());
                }
            }
        }
        if (!body.hasNonNull("programme")) {
            errors.add("programme", "is required");
        }
        errors.throwIfAny();
        Programme draft;
        try {
            draft = read(body.get("programme"));
        } catch (ProblemException e) {
            throw prefixed(e);
        }
        draft = (draft.effectiveFrom() == null ? draft.withEffectiveFrom(OffsetDateTime.now(java.time.ZoneOffset.UTC)) : draft)
                .withDefaults();
        List<ProgrammeValidator.Violation> violations = ProgrammeValidator.check(draft);
        if (!violations.isEmpty()) {
            List<ProblemException.FieldError> list = new ArrayList<>();
            for (ProgrammeValidator.Violation v : violations) {
                list.add(new ProblemException.FieldError("programme." + v.field(), v.message()));
            }
            throw new ProblemException(422, "invalid-programme", "The draft programme is impossible",
                    list.size() + " setting(s) are impossible; see errors", list, Map.of());
        }
        return simulation.run(who.chainId(), draft, from, to, stores);
    }

    private static ProblemException prefixed(ProblemException e) {
        List<ProblemException.FieldError> list = new ArrayList<>();
        for (ProblemException.FieldError f : e.errors()) {
            list.add(new ProblemException.FieldError("programme." + f.field(), f.message()));
        }
        return new ProblemException(e.status(), e.slug(), e.title(), e.getMessage(), list, e.extra());
    }

    private static java.time.LocalDate date(JsonNode body, String field, FieldErrors errors) {
        JsonNode n = body.get(field);
        if (n == null || !n.isTextual()) {
            errors.add(field, "is required, a date like 2026-10-01");
            return null;
        }
        try {
            return java.time.LocalDate.parse(n.textValue());
        } catch (java.time.format.DateTimeParseException e) {
            errors.add(field, "must be a date like 2026-10-01");
            return null;
        }
    }

    public Programme version(StaffIdentity who, int version) {
        who.requireHeadOffice();
        for (Programme p : programmes.all(who.chainId())) {
            if (p.version() == version) {
                return p;
            }
        }
        throw Problems.notFound("Programme version " + version);
    }

    public List<ProgrammeVersionView> versions(StaffIdentity who) {
        who.requireHeadOffice();
        int active = programmes.active(who.chainId(), Instant.now()).version();
        Map<Integer, Meta> meta = meta(who.chainId());
        List<ProgrammeVersionView> out = new ArrayList<>();
        for (Programme p : programmes.all(who.chainId())) {
            Meta m = meta.get(p.version());
            out.add(new ProgrammeVersionView(p.version(), p.effectiveFrom(), p.version() == active,
                    m == null ? null : m.createdBy(), m == null ? null : m.createdByEmail(),
                    m == null ? null : m.createdAt(), p));
        }
        return out;
    }

    /** The categories the chain's receipts carried over the last {@code days} days (default 90), most frequent first. */
    public List<ChainCategories.SeenCategory> categories(StaffIdentity who, String days) {
        who.requireHeadOffice();
        int window = ChainCategories.DEFAULT_DAYS;
        if (days != null && !days.isBlank()) {
            try {
                window = Integer.parseInt(days.strip());
            } catch (NumberFormatException e) {
                window = -1;
            }
            if (window < 1 || window > ChainCategories.MAX_DAYS) {
                throw Problems.invalid("days", "must be an integer from 1 to " + ChainCategories.MAX_DAYS);
            }
        }
        return chainCategories.seen(who.chainId(), window, Instant.now());
    }

    private Map<Integer, Meta> meta(long chainId) {
        return tx.read(c -> {
            Map<Integer, Meta> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT v.version, v.created_by, u.email, v.created_at FROM program_versions v"
                            + " LEFT JOIN users u ON u.chain_id = v.chain_id AND u.id = v.created_by WHERE v.chain_id = ?")) {
                ps.setLong(1, chainId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long by = rs.getLong(2);
                        out.put(rs.getInt(1), new Meta(rs.wasNull() ? null : by, rs.getString(3),
                                rs.getObject(4, OffsetDateTime.class)));
                    }
                }
            }
            return out;
        });
    }
}
