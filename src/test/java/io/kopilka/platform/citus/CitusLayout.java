package io.kopilka.platform.citus;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The tables deploy/citus/distribute.sql places: a reference table, or distributed by a column beside another. */
record CitusLayout(Map<String, Placement> tables) {

    private static final Pattern REFERENCE = Pattern.compile("create_reference_table\\(\\s*'(\\w+)'\\s*\\)");
    private static final Pattern DISTRIBUTED = Pattern.compile(
            "create_distributed_table\\(\\s*'(\\w+)'\\s*,\\s*'(\\w+)'\\s*(?:,\\s*colocate_with\\s*=>\\s*'(\\w+)'\\s*)?\\)");

    /** column is null for a reference table; colocateWith is null for the first table of a colocation group. */
    record Placement(String column, String colocateWith) {
        boolean reference() {
            return column == null;
        }
    }

    static CitusLayout parse(String sql) {
        Map<String, Placement> tables = new LinkedHashMap<>();
        for (String line : sql.split("\n")) {
            String statement = line.replaceFirst("--.*", "");
            Matcher reference = REFERENCE.matcher(statement);
            Matcher distributed = DISTRIBUTED.matcher(statement);
            if (reference.find()) {
                place(tables, reference.group(1), new Placement(null, null));
            } else if (distributed.find()) {
                place(tables, distributed.group(1), new Placement(distributed.group(2), distributed.group(3)));
            } else if (statement.contains("create_")) {
                throw new IllegalArgumentException("distribute.sql: a line this test cannot read: " + line);
            }
        }
        return new CitusLayout(tables);
    }

    private static void place(Map<String, Placement> tables, String table, Placement placement) {
        if (tables.put(table, placement) != null) {
            throw new IllegalArgumentException("distribute.sql places " + table + " twice");
        }
    }

    Placement of(String table) {
        return tables.get(table);
    }

    boolean distributed(String table) {
        Placement p = tables.get(table);
        return p != null && !p.reference();
    }

    boolean reference(String table) {
        Placement p = tables.get(table);
        return p != null && p.reference();
    }

    /** The first table of the colocation group a distributed table joins (itself when it starts one). */
    String group(String table) {
        String current = table;
        for (int hops = 0; hops <= tables.size(); hops++) {
            Placement p = tables.get(current);
            if (p == null || p.colocateWith() == null) {
                return current;
            }
            current = p.colocateWith();
        }
        return "(a colocation cycle at " + table + ")";
    }
}
