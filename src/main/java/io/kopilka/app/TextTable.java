package io.kopilka.app;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Rows for a person (columns padded to their widest cell) or for a script (tab-separated, no padding). */
final class TextTable {

    private final List<List<String>> rows = new ArrayList<>();

    TextTable(List<String> header) {
        rows.add(header);
    }

    void add(String... cells) {
        // a tab or line end inside a name would break the tsv form's columns and rows
        rows.add(List.of(cells).stream().map(s -> s.replaceAll("[\\t\\r\\n]", " ")).toList());
    }

    void print(PrintStream out, boolean tsv) {
        if (tsv) {
            rows.forEach(r -> out.println(String.join("\t", r)));
            return;
        }
        int[] widths = new int[rows.get(0).size()];
        for (List<String> r : rows) {
            for (int i = 0; i < r.size(); i++) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        }
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                line.append(i == 0 ? "" : "  ").append(String.format("%-" + widths[i] + "s", r.get(i)));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
