package io.kopilka.platform.citus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kopilka.platform.Transactions;
import io.quarkus.test.junit.QuarkusTest;

/**
 * deploy/citus/distribute.sql against the schema every migration built: every table placed, and Citus's rules
 * hold (docs/adr/0040-when-a-chain-outgrows-one-primary.md). A migration that adds a table, a global unique
 * key, a foreign key without chain_id or a trigger on a tenant table fails here until the layout or the ADR's
 * list of known exceptions says how Citus takes it.
 */
@QuarkusTest
class CitusLayoutTest {

    private static final Path LAYOUT = Path.of("deploy/citus/distribute.sql");
    /** Flyway's own bookkeeping: read by Flyway on the coordinator only, never joined. */
    private static final Set<String> COORDINATOR_ONLY = Set.of("flyway_schema_history");

    /**
     * The exceptions ADR 0040 lists: the report rollups' marking triggers (V6, V25, V26), the ledger's append-only guard
     * (V1) and the promo code's stripes (V18) each write or check only their own chain's colocated rows.
     */
    private static final Set<String> KNOWN = Set.of(
            "ledger_entries.ledger_append_only: a trigger on a distributed table (needs citus.enable_unsafe_triggers)",
            "promo_codes.promo_code_inserted: a trigger on a distributed table (needs citus.enable_unsafe_triggers)",
            "receipt_returns.report_receipt_returned: a trigger on a distributed table (needs citus.enable_unsafe_triggers)",
            "receipt_returns.report_return_days: a trigger on a distributed table (needs citus.enable_unsafe_triggers)",
            "receipts.report_receipt_recorded: a trigger on a distributed table (needs citus.enable_unsafe_triggers)",
            "receipts.report_receipt_status: a trigger on a distributed table (needs citus.enable_unsafe_triggers)",
            "receipts.report_receipt_moved: a trigger on a distributed table (needs citus.enable_unsafe_triggers)",
            "sms_outbox.report_messages_written: a trigger on a distributed table (needs citus.enable_unsafe_triggers)",
            "sms_outbox.report_message_changed: a trigger on a distributed table (needs citus.enable_unsafe_triggers)",
            "campaign_settings.report_campaign_zone_changed: a trigger on a distributed table (needs citus.enable_unsafe_triggers)");

    @Inject
    Transactions tx;

    @Test
    void everyTableOfTheMigratedSchemaIsPlacedAndOnlyTheKnownExceptionsBreakARule() throws IOException {
        CitusLayout layout = CitusLayout.parse(Files.readString(LAYOUT));
        SchemaCatalog schema = tx.read(c -> SchemaCatalog.read(c, "public"));
        assertTrue(schema.columns().size() >= 42, "the migrated schema as the test sees it: " + schema.columns().keySet());

        Set<String> found = CitusRules.violations(schema, layout, COORDINATOR_ONLY);

        Set<String> added = new TreeSet<>(found);
        added.removeAll(KNOWN);
        Set<String> gone = new TreeSet<>(KNOWN);
        gone.removeAll(found);
        assertEquals(List.of(), List.copyOf(added), "broken Citus rules not in ADR 0040's list (fix the migration "
                + "or deploy/citus/distribute.sql, or list them in the ADR and here)");
        assertEquals(List.of(), List.copyOf(gone), "listed as known but no longer found: take them off the list");
    }

    @Test
    void aSchemaThatBreaksEachRuleIsReportedRuleByRule() {
        String probe = "citus_probe";
        List<String> ddl = List.of(
                "CREATE SCHEMA " + probe,
                "CREATE TABLE citus_probe.chains (id bigint PRIMARY KEY)",
                "CREATE TABLE citus_probe.shops (chain_id bigint REFERENCES citus_probe.chains, id bigint,"
                        + " PRIMARY KEY (chain_id, id))",
                "CREATE TABLE citus_probe.tills (chain_id bigint, id bigint, shop_id bigint, PRIMARY KEY (chain_id, id),"
                        + " CONSTRAINT tills_shop FOREIGN KEY (chain_id, shop_id) REFERENCES citus_probe.shops)",
                "CREATE TABLE citus_probe.orders (chain_id bigint, id bigint CONSTRAINT orders_pkey PRIMARY KEY,"
                        + " code text)",
                "CREATE UNIQUE INDEX orders_code ON citus_probe.orders (chain_id, lower(code))",
                "CREATE UNIQUE INDEX orders_code_global ON citus_probe.orders (lower(code))",
                "CREATE TABLE citus_probe.order_lines (chain_id bigint, order_id bigint, line int,"
                        + " PRIMARY KEY (chain_id, order_id, line),"
                        + " CONSTRAINT lines_order FOREIGN KEY (order_id) REFERENCES citus_probe.orders (id))",
                "CREATE TABLE citus_probe.events (chain_id bigint, id bigint, PRIMARY KEY (chain_id, id))",
                "CREATE TABLE citus_probe.visits (chain_id bigint, id bigint, PRIMARY KEY (chain_id, id))",
                "CREATE TABLE citus_probe.stray (id bigint)",
                "CREATE FUNCTION citus_probe.touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$",
                "CREATE TRIGGER orders_touch BEFORE INSERT ON citus_probe.orders"
                        + " FOR EACH ROW EXECUTE FUNCTION citus_probe.touch()");
        CitusLayout layout = CitusLayout.parse("""
                SELECT create_reference_table('chains');
                SELECT create_reference_table('tills');  -- create_distributed_table('tills', 'id') in a comment is ignored
                SELECT create_distributed_table('shops', 'chain_id');
                SELECT create_distributed_table('orders', 'chain_id', colocate_with => 'shops');
                SELECT create_distributed_table('order_lines', 'chain_id', colocate_with => 'orders');
                SELECT create_distributed_table('events', 'id');
                SELECT create_distributed_table('visits', 'chain_id');
                SELECT create_reference_table('ghost');
                """);

        SchemaCatalog schema = tx.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                for (String statement : ddl) {
                    s.execute(statement);
                }
                SchemaCatalog read = SchemaCatalog.read(c, probe);
                s.execute("DROP SCHEMA " + probe + " CASCADE");
                return read;
            }
        });

        assertEquals(List.of(
                "events: a tenant table distributed by id, not chain_id",
                "ghost: placed by distribute.sql but not in the schema",
                "order_lines: foreign key lines_order [order_id] does not carry chain_id to orders.chain_id",
                "orders.orders_touch: a trigger on a distributed table (needs citus.enable_unsafe_triggers)",
                "orders: unique key orders_code_global [] lacks the distribution column chain_id",
                "orders: unique key orders_pkey [id] lacks the distribution column chain_id",
                "stray: not placed by distribute.sql",
                "tills: a reference table whose foreign key tills_shop references the distributed table shops",
                "visits: outside the tenant tables' colocation group (colocate_with 'shops')"),
                List.copyOf(CitusRules.violations(schema, layout, Set.of())));
    }

    @Test
    void aLineOfTheLayoutThisTestCannotReadIsRefused() {
        IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> CitusLayout.parse("SELECT create_distributed_table('receipts', chain_id);"));
        assertTrue(refused.getMessage().contains("receipts"), refused.getMessage());
    }
}
