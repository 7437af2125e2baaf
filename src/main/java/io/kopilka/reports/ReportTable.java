package io.kopilka.reports;

import java.util.ArrayList;
import java.util.List;

/**
 * A report flattened for export: a header row of column keys and rows of cells. Cells whose meaning a spreadsheet
 * must know are typed ({@link Money}, {@link Share}, {@link StoreRef}, {@link Label}), so that the same table gives
 * the people's form (whole units, percent, store codes, words of the language) and the raw form of the JSON API.
 */
public record ReportTable(String report, List<String> headers, List<List<Object>> rows) {

    /** An amount in the chain's minor units. */
    public record Money(long minor) {
    }

    /** A fraction 0..1 that people read as a percentage. */
    public record Share(double fraction) {
    }

    /** A store by its id; people know it by its code. */
    public record StoreRef(long id) {
    }

    /**
     * A word of the export's language (a metric's name, a segment, head office), with an optional period;
     * {@code raw} is what the raw form writes (the JSON's name).
     */
    public record Label(String key, String raw, java.time.LocalDate period) {

        static Label of(String key) {
            return new Label(key, key, null);
        }

        static Label of(String key, String raw) {
            return new Label(key, raw, null);
        }

        static Label inPeriod(String key, java.time.LocalDate period) {
            return new Label(key, key + " " + period, period);
        }
    }

    static ReportTable of(String report, String... headers) {
        return new ReportTable(report, List.of(headers), new ArrayList<>());
    }

    ReportTable row(Object... cells) {
        rows.add(java.util.Arrays.asList(cells));
        return this;
    }

    /** A metric table's row: the metric's name and its value. */
    ReportTable metric(String key, Object value) {
        return row(Label.of(key), value);
    }
}
