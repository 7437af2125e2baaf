package io.kopilka.reports;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.platform.Transactions;

/** Read-only queries of the reports, with positional arguments. */
@ApplicationScoped
public class ReportDatabase {

    @FunctionalInterface
    public interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    @Inject
    Transactions tx;

    public <T> List<T> list(String sql, List<Object> args, RowReader<T> reader) {
        return tx.read(c -> list(c, sql, args, reader));
    }

    /** A query on the caller's connection (several queries of one report in one snapshot). */
    static <T> List<T> list(Connection c, String sql, List<Object> args, RowReader<T> reader) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(reader.read(rs));
                }
            }
            return rows;
        }
    }

    public <T> T one(String sql, List<Object> args, RowReader<T> reader) {
        List<T> rows = list(sql, args, reader);
        return rows.isEmpty() ? null : rows.get(0);
    }

    static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof LocalDate d) {
                ps.setObject(i + 1, d);
            } else {
                ps.setObject(i + 1, a);
            }
        }
    }
}
