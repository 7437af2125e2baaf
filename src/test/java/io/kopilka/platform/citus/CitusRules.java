package io.kopilka.platform.citus;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Citus's rules for a schema and its layout: every table placed, tenant tables distributed by chain_id in one
 * colocation group, every unique key and foreign key of a distributed table carrying its distribution column,
 * no reference table pointing at a distributed one. Triggers on distributed tables are reported too: Citus
 * creates them only with citus.enable_unsafe_triggers.
 */
final class CitusRules {

    static final String TENANT_COLUMN = "chain_id";

    private CitusRules() {
    }

    /** The broken rules, one line each, sorted; coordinatorOnly are tables left on the coordinator on purpose. */
    static Set<String> violations(SchemaCatalog schema, CitusLayout layout, Set<String> coordinatorOnly) {
        Set<String> found = new TreeSet<>();
        for (String table : schema.columns().keySet()) {
            if (!coordinatorOnly.contains(table) && layout.of(table) == null) {
                found.add(table + ": not placed by distribute.sql");
            }
        }
        for (String table : layout.tables().keySet()) {
            if (!schema.columns().containsKey(table)) {
                found.add(table + ": placed by distribute.sql but not in the schema");
            } else if (layout.distributed(table)) {
                placement(schema, layout, table, found);
            }
        }
        for (SchemaCatalog.Key key : schema.keys()) {
            String column = distributionColumn(layout, key.table());
            if (column != null && !key.columns().contains(column)) {
                found.add(key.table() + ": unique key " + key.name() + " " + key.columns()
                        + " lacks the distribution column " + column);
            }
        }
        for (SchemaCatalog.ForeignKey fk : schema.foreignKeys()) {
            foreignKey(layout, fk, found);
        }
        for (String trigger : schema.triggers()) {
            if (layout.distributed(trigger.substring(0, trigger.indexOf('.')))) {
                found.add(trigger + ": a trigger on a distributed table (needs citus.enable_unsafe_triggers)");
            }
        }
        return found;
    }

    private static void placement(SchemaCatalog schema, CitusLayout layout, String table, Set<String> found) {
        CitusLayout.Placement p = layout.of(table);
        Set<String> columns = schema.columns().get(table);
        if (!columns.contains(p.column())) {
            found.add(table + ": distributed by " + p.column() + ", a column it does not have");
        }
        if (columns.contains(TENANT_COLUMN) && !TENANT_COLUMN.equals(p.column())) {
            found.add(table + ": a tenant table distributed by " + p.column() + ", not " + TENANT_COLUMN);
        }
        if (p.colocateWith() != null && !layout.distributed(p.colocateWith())) {
            found.add(table + ": colocated with " + p.colocateWith() + ", which is not a distributed table");
        }
        String tenantGroup = tenantGroup(layout);
        if (TENANT_COLUMN.equals(p.column()) && !layout.group(table).equals(tenantGroup)) {
            found.add(table + ": outside the tenant tables' colocation group (colocate_with '" + tenantGroup + "')");
        }
    }

    /** The group of the first table distributed by chain_id: every tenant table belongs to it. */
    private static String tenantGroup(CitusLayout layout) {
        return layout.tables().entrySet().stream()
                .filter(e -> TENANT_COLUMN.equals(e.getValue().column()))
                .map(e -> layout.group(e.getKey()))
                .findFirst().orElse("");
    }

    private static void foreignKey(CitusLayout layout, SchemaCatalog.ForeignKey fk, Set<String> found) {
        boolean fromDistributed = layout.distributed(fk.table());
        boolean toDistributed = layout.distributed(fk.referenced());
        if (layout.reference(fk.table()) && toDistributed) {
            found.add(fk.table() + ": a reference table whose foreign key " + fk.name()
                    + " references the distributed table " + fk.referenced());
        }
        if (!fromDistributed || !toDistributed) {
            return;
        }
        if (!layout.group(fk.table()).equals(layout.group(fk.referenced()))) {
            found.add(fk.table() + ": foreign key " + fk.name() + " references " + fk.referenced()
                    + ", which is not colocated with it");
            return;
        }
        String column = distributionColumn(layout, fk.table());
        String referencedColumn = distributionColumn(layout, fk.referenced());
        List<String> from = fk.columns();
        int at = from.indexOf(column);
        if (at < 0 || !referencedColumn.equals(fk.referencedColumns().get(at))) {
            found.add(fk.table() + ": foreign key " + fk.name() + " " + from + " does not carry " + column
                    + " to " + fk.referenced() + "." + referencedColumn);
        }
    }

    private static String distributionColumn(CitusLayout layout, String table) {
        CitusLayout.Placement p = layout.of(table);
        return p == null ? null : p.column();
    }
}
