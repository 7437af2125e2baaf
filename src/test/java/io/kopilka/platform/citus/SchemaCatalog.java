package io.kopilka.platform.citus;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** What PostgreSQL's catalog says about one schema: its tables, their columns, keys and triggers. */
record SchemaCatalog(Map<String, Set<String>> columns, List<Key> keys, List<ForeignKey> foreignKeys,
        List<String> triggers) {

    /** A primary key, unique constraint, exclusion constraint or unique index, with its key columns. */
    record Key(String table, String name, List<String> columns) {
    }

    record ForeignKey(String table, String name, List<String> columns, String referenced,
            List<String> referencedColumns) {
    }

    private static final String TABLES = """
            SELECT c.relname, a.attname
              FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
             WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT c.relispartition""";

    private static final String CONSTRAINTS = """
            SELECT c.relname, k.conname, k.contype, f.relname,
                   ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(n, o)
                           JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.o)::text[],
                   ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(n, o)
                           JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.o)::text[]
              FROM pg_constraint k
              JOIN pg_class c ON c.oid = k.conrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace
              LEFT JOIN pg_class f ON f.oid = k.confrelid
             WHERE n.nspname = ? AND k.contype IN ('p', 'u', 'x', 'f')""";

    /** Unique indexes that no constraint stands for; an expression counts as no column. */
    private static final String UNIQUE_INDEXES = """
            SELECT c.relname, i.relname,
                   ARRAY(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY u(n, o)
                           JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = u.n
                          WHERE u.o <= x.indnkeyatts ORDER BY u.o)::text[]
              FROM pg_index x
              JOIN pg_class c ON c.oid = x.indrelid
              JOIN pg_class i ON i.oid = x.indexrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ? AND x.indisunique
               AND NOT EXISTS (SELECT 1 FROM pg_constraint k
                                WHERE k.conindid = x.indexrelid AND k.contype IN ('p', 'u', 'x'))""";

    private static final String TRIGGERS = """
            SELECT c.relname, t.tgname
              FROM pg_trigger t
              JOIN pg_class c ON c.oid = t.tgrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ? AND NOT t.tgisinternal""";

    static SchemaCatalog read(Connection c, String schema) throws SQLException {
        Map<String, Set<String>> columns = new TreeMap<>();
        for (String[] row : rows(c, TABLES, schema)) {
            columns.computeIfAbsent(row[0], t -> new TreeSet<>()).add(row[1]);
        }
        List<Key> keys = new ArrayList<>();
        List<ForeignKey> foreignKeys = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(CONSTRAINTS)) {
            s.setString(1, schema);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    List<String> keyColumns = names(rs, 5);
                    if ("f".equals(rs.getString(3))) {
                        foreignKeys.add(new ForeignKey(rs.getString(1), rs.getString(2), keyColumns, rs.getString(4),
                                names(rs, 6)));
                    } else {
                        keys.add(new Key(rs.getString(1), rs.getString(2), keyColumns));
                    }
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement(UNIQUE_INDEXES)) {
            s.setString(1, schema);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    keys.add(new Key(rs.getString(1), rs.getString(2), names(rs, 3)));
                }
            }
        }
        List<String> triggers = new ArrayList<>();
        for (String[] row : rows(c, TRIGGERS, schema)) {
            triggers.add(row[0] + "." + row[1]);
        }
        return new SchemaCatalog(columns, keys, foreignKeys, triggers);
    }

    private static List<String[]> rows(Connection c, String sql, String schema) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, schema);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        return rows;
    }

    private static List<String> names(ResultSet rs, int column) throws SQLException {
        java.sql.Array array = rs.getArray(column);
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
