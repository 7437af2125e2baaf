package io.kopilka.reports;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/** CSV (UTF-8 with a BOM, so spreadsheet programs read Cyrillic names) and XLSX of a {@link ReportTable}. */
public final class ReportExports {

    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public static final String CSV = "text/csv; charset=UTF-8";

    private ReportExports() {
    }

    /** kopilka-sales-2026-01-01_2026-12-31-all-stores.csv, or store-12-moscow-tverskaya for one store. */
    public static String fileName(ReportTable t, LocalDate from, LocalDate to, ReportScope scope, String format) {
        String where = scope.storeId() == null ? "all-stores" : "store-" + scope.storeId() + slug(scope.storeName());
        return "kopilka-" + t.report() + "-" + from + "_" + to + "-" + where + "." + format;
    }

    static String slug(String name) {
        String s = name == null ? "" : name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "" : "-" + s;
    }

    public static void csv(ReportTable t, OutputStream out) {
        try {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write('\uFEFF');
            CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(t.headers().toArray(String[]::new)).build());
            for (List<Object> row : t.rows()) {
                p.printRecord(row.stream().map(c -> c == null ? "" : c.toString()).toList());
            }
            p.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void xlsx(ReportTable t, OutputStream out) {
        try {
            Workbook wb = new Workbook(out, "Kopilka", "1.0");
            Worksheet ws = wb.newWorksheet(t.report());
            for (int c = 0; c < t.headers().size(); c++) {
                ws.value(0, c, t.headers().get(c));
                ws.style(0, c).bold().set();
            }
            int r = 1;
            for (List<Object> row : t.rows()) {
                for (int c = 0; c < row.size(); c++) {
                    Object v = row.get(c);
                    if (v instanceof Number n) {
                        ws.value(r, c, n);
                    } else if (v instanceof LocalDate d) {
                        ws.value(r, c, d);
                        ws.style(r, c).format("yyyy-mm-dd").set();
                    } else if (v != null) {
                        ws.value(r, c, v.toString());
                    }
                }
                r++;
            }
            wb.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
