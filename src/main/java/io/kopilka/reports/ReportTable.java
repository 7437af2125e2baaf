package io.kopilka.reports;

import java.util.ArrayList;
import java.util.List;

/** A report flattened for export: a header row and rows of strings, numbers and dates. */
public record ReportTable(String report, List<String> headers, List<List<Object>> rows) {

    static ReportTable of(String report, String... headers) {
        return new ReportTable(report, List.of(headers), new ArrayList<>());
    }

    ReportTable row(Object... cells) {
        rows.add(java.util.Arrays.asList(cells));
        return this;
    }
}
