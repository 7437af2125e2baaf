package io.kopilka.admin.webhooks;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.platform.AuditLog;
import io.kopilka.platform.FieldErrors;
import io.kopilka.platform.Problems;
import io.kopilka.platform.Sql;
import io.kopilka.platform.StaffIdentity;
import io.kopilka.platform.Transactions;
import io.kopilka.platform.webhooks.SecretSeal;
import io.kopilka.platform.webhooks.SigningSecret;
import io.kopilka.platform.webhooks.Subscriptions;
import io.kopilka.platform.webhooks.WebhookEventType;
import io.kopilka.platform.webhooks.WebhookSender;
import io.kopilka.platform.webhooks.WebhookSettings;
import io.kopilka.platform.webhooks.WebhookTargets;

/** Head office's webhook endpoints: register, read, change, delete; every change audited, one chain's only. */
@ApplicationScoped
public class WebhookEndpoints {

    static final int MAX_ENDPOINTS_PER_CHAIN = 20;
    private static final String COLUMNS = """
            id, url, events, enabled, disabled_reason, disabled_at,
            CASE WHEN previous_secret_until > now() THEN previous_secret_until END, created_at, updated_at""";

    @Inject
    Transactions transactions;

    @Inject
    AuditLog audit;

    @Inject
    WebhookTargets targets;

    @Inject
    SecretSeal seal;

    @Inject
    Subscriptions subscriptions;

    @Inject
    WebhookSender sender;

    @Inject
    WebhookSettings settings;

    public WebhookWithSecret create(StaffIdentity who, WebhookRequest request) {
        who.requireHeadOffice();
        FieldErrors errors = new FieldErrors();
        String url = checkUrl(errors, request.url(), true);
        List<String> events = checkEvents(errors, request.events());
        SigningSecret secret = request.secret() == null ? SigningSecret.generate() : checkSecret(errors, request.secret());
        errors.throwIfAny();
        WebhookView created = transactions.inTransaction(c -> {
            long count = Sql.rows(c, rs -> rs.getLong(1), "SELECT count(*) FROM webhook_endpoints WHERE chain_id = ?",
                    who.chainId()).get(0);
            if (count >= MAX_ENDPOINTS_PER_CHAIN) {
                throw Problems.conflict("webhook-limit", "The chain has as many webhook endpoints as allowed",
                        "A chain may register at most " + MAX_ENDPOINTS_PER_CHAIN + " endpoints; delete one first");
            }
            long id = Sql.insertReturningId(c, """
                    INSERT INTO webhook_endpoints (chain_id, url, events, secret_sealed) VALUES (?, ?, ?, ?) RETURNING id""",
                    who.chainId(), url, c.createArrayOf("text", events.toArray()), seal.seal(secret));
            WebhookView view = find(c, who.chainId(), id);
            audit.record(c, who, "create", "webhook", id, null, view, Instant.now());
            return view;
        });
        subscriptions.reload();
        return WebhookWithSecret.of(created, secret.reveal());
    }

    public List<WebhookView> list(StaffIdentity who) {
        who.requireHeadOffice();
        return transactions.read(c -> Sql.rows(c, WebhookEndpoints::view,
                "SELECT " + COLUMNS + " FROM webhook_endpoints WHERE chain_id = ? ORDER BY id", who.chainId()));
    }

    public WebhookView get(StaffIdentity who, long id) {
        who.requireHeadOffice();
        return transactions.read(c -> existing(c, who.chainId(), id));
    }

    /** Applies a change; the answer carries the new secret only when the change rotated it. */
    public WebhookWithSecret change(StaffIdentity who, long id, WebhookChange change) {
        who.requireHeadOffice();
        FieldErrors errors = new FieldErrors();
        String url = change.url() == null ? null : checkUrl(errors, change.url(), true);
        List<String> events = change.events() == null ? null : checkEvents(errors, change.events());
        boolean rotate = Boolean.TRUE.equals(change.rotateSecret()) || change.secret() != null;
        SigningSecret secret = !rotate ? null
                : change.secret() == null ? SigningSecret.generate() : checkSecret(errors, change.secret());
        errors.throwIfAny();
        WebhookView after = transactions.inTransaction(c -> {
            WebhookView before = existingForUpdate(c, who.chainId(), id);
            if (url != null) {
                Sql.update(c, "UPDATE webhook_endpoints SET url = ? WHERE chain_id = ? AND id = ?", url, who.chainId(), id);
            }
            if (events != null) {
                Sql.update(c, "UPDATE webhook_endpoints SET events = ? WHERE chain_id = ? AND id = ?",
                        c.createArrayOf("text", events.toArray()), who.chainId(), id);
            }
            if (change.enabled() != null && change.enabled() != before.enabled()) {
                Sql.update(c, """
                        UPDATE webhook_endpoints SET enabled = ?, disabled_reason = ?, disabled_at = ?
                         WHERE chain_id = ? AND id = ?""",
                        change.enabled(), change.enabled() ? null : "disabled by head office",
                        change.enabled() ? null : OffsetDateTime.now(ZoneOffset.UTC), who.chainId(), id);
            }
            if (secret != null) {
                Sql.update(c, """
                        UPDATE webhook_endpoints
                           SET previous_secret_sealed = secret_sealed, previous_secret_until = ?, secret_sealed = ?
                         WHERE chain_id = ? AND id = ?""",
                        OffsetDateTime.now(ZoneOffset.UTC).plus(settings.rotationOverlap()), seal.seal(secret),
                        who.chainId(), id);
            }
            Sql.update(c, "UPDATE webhook_endpoints SET updated_at = now() WHERE chain_id = ? AND id = ?", who.chainId(), id);
            WebhookView now = find(c, who.chainId(), id);
            audit.record(c, who, secret == null ? "update" : "rotate-secret", "webhook", id, before, now, Instant.now());
            return now;
        });
        subscriptions.reload();
        sender.forget(id);
        return WebhookWithSecret.of(after, secret == null ? null : secret.reveal());
    }

    public void delete(StaffIdentity who, long id) {
        who.requireHeadOffice();
        transactions.inTransaction(c -> {
            WebhookView before = existingForUpdate(c, who.chainId(), id);
            Sql.update(c, "DELETE FROM webhook_endpoints WHERE chain_id = ? AND id = ?", who.chainId(), id);
            audit.record(c, who, "delete", "webhook", id, before, null, Instant.now());
            return null;
        });
        subscriptions.reload();
        sender.forget(id);
    }

    WebhookView existing(Connection c, long chainId, long id) throws SQLException {
        WebhookView v = find(c, chainId, id);
        if (v == null) {
            throw Problems.notFound("Webhook endpoint " + id);
        }
        return v;
    }

    private WebhookView existingForUpdate(Connection c, long chainId, long id) throws SQLException {
        List<Long> locked = Sql.rows(c, rs -> rs.getLong(1),
                "SELECT id FROM webhook_endpoints WHERE chain_id = ? AND id = ? FOR UPDATE", chainId, id);
        if (locked.isEmpty()) {
            throw Problems.notFound("Webhook endpoint " + id);
        }
        return find(c, chainId, id);
    }

    private static WebhookView find(Connection c, long chainId, long id) throws SQLException {
        List<WebhookView> rows = Sql.rows(c, WebhookEndpoints::view,
                "SELECT " + COLUMNS + " FROM webhook_endpoints WHERE chain_id = ? AND id = ?", chainId, id);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private static WebhookView view(ResultSet rs) throws SQLException {
        Array events = rs.getArray(3);
        return new WebhookView(rs.getLong(1), rs.getString(2), Arrays.asList((String[]) events.getArray()),
                rs.getBoolean(4), rs.getString(5), instant(rs, 6), instant(rs, 7), instant(rs, 8), instant(rs, 9));
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant().truncatedTo(ChronoUnit.MICROS);
    }

    private String checkUrl(FieldErrors errors, String url, boolean required) {
        if (url == null || url.isBlank()) {
            if (required) {
                errors.add("url", "is required");
            }
            return null;
        }
        String refusal = targets.refusal(url.strip());
        if (refusal != null) {
            errors.add("url", refusal);
            return null;
        }
        return url.strip();
    }

    private static List<String> checkEvents(FieldErrors errors, List<String> events) {
        if (events == null || events.isEmpty()) {
            errors.add("events", "must not be empty");
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String e : events) {
            if (e != null && WebhookEventType.of(e).isPresent()) {
                out.add(e);
            } else {
                unknown.add(String.valueOf(e));
            }
        }
        if (!unknown.isEmpty()) {
            errors.add("events", "unknown event types " + String.join(", ", unknown) + "; known: "
                    + String.join(", ", WebhookEventType.wireNames()));
            return null;
        }
        return List.copyOf(out);
    }

    private static SigningSecret checkSecret(FieldErrors errors, String text) {
        SigningSecret s = SigningSecret.parseOrNull(text);
        if (s == null) {
            errors.add("secret", "must be whsec_ and the base64 of 24 to 64 bytes");
        }
        return s;
    }
}
