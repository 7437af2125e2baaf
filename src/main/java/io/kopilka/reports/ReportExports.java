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

/** CSV and XLSX of a {@link ReportTable} in an {@link ExportForm}: for people (by language) or raw. */
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

    /** Only .csv and .xlsx exist; anything else is a path that names nothing. */
    static void requireFormat(String format) {
        if (!"csv".equals(format) && !"xlsx".equals(format)) {
            throw io.kopilka.platform.Problems.notFound("Export format ." + format);
        }
    }

    /** The file as an attachment of that name, written as the response streams. */
    static jakarta.ws.rs.core.Response download(ReportTable t, ExportForm how, String format, String fileName) {
        jakarta.ws.rs.core.StreamingOutput body = "csv".equals(format) ? out -> csv(t, how, out) : out -> xlsx(t, how, out);
        return jakarta.ws.rs.core.Response.ok(body, "csv".equals(format) ? CSV : XLSX)
                .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"").build();
    }

    static String slug(String name) {
        String s = name == null ? "" : name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "" : "-" + s;
    }

    /** A UTF-8 BOM always (Excel then reads Cyrillic names); the separator and decimal mark of the form's language. */
    public static void csv(ReportTable t, ExportForm form, OutputStream out) {
        try {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write('\uFEFF');
            CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(form.separator())
                    .setHeader(form.headers(t).toArray(String[]::new)).build();
            CSVPrinter p = new CSVPrinter(w, format);
            for (List<Object> row : t.rows()) {
                p.printRecord(row.stream().map(c -> form.text(form.value(c))).toList());
            }
            p.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Numbers as numeric cells: money with its decimals, shares as percent cells, dates as dates. */
    public static void xlsx(ReportTable t, ExportForm form, OutputStream out) {
        try {
            Workbook wb = new Workbook(out, "Kopilka", "1.0");
            Worksheet ws = wb.newWorksheet(t.report());
            List<String> headers = form.headers(t);
            for (int c = 0; c < headers.size(); c++) {
                ws.value(0, c, headers.get(c));
                ws.style(0, c).bold().set();
            }
            String money = form.minorDigits() == 0 ? "#,##0" : "#,##0." + "0".repeat(form.minorDigits());
            int r = 1;
            for (List<Object> row : t.rows()) {
                for (int c = 0; c < row.size(); c++) {
                    Object cell = row.get(c);
                    Object v = form.value(cell);
                    if (!form.raw() && cell instanceof ReportTable.Share s) {
                        ws.value(r, c, s.fraction());
                        ws.style(r, c).format("0.0%").set();
                    } else if (v instanceof Number n) {
                        ws.value(r, c, n);
                        if (!form.raw() && cell instanceof ReportTable.Money) {
                            ws.style(r, c).format(money).set();
                        }
                    } else if (v instanceof LocalDate d) {
                        ws.value(r, c, d);
                        ws.style(r, c).format(form.raw() ? "yyyy-mm-dd" : form.datePattern().toLowerCase(Locale.ROOT)).set();
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
