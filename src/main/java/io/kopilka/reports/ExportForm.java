package io.kopilka.reports;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import io.kopilka.platform.TextBundles;
import io.kopilka.reports.ReportTable.Label;
import io.kopilka.reports.ReportTable.Money;
import io.kopilka.reports.ReportTable.Share;
import io.kopilka.reports.ReportTable.StoreRef;

/**
 * How an export is written. The people's form speaks the requested language (headers, metric names, dates) and
 * gives money in whole units of the currency named in its header, shares as percent and stores by code; the raw
 * form is the JSON API's: snake_case keys, minor units, fractions, store ids (for integrations).
 */
public record ExportForm(boolean raw, String language, String currency, int minorDigits, Map<Long, String> storeCodes) {

    public static final List<String> LANGUAGES = List.of("en", "ru", "uk", "bg");
    private static final Map<String, Map<String, String>> TEXTS = Map.of("en", load("en"), "ru", load("ru"), "uk",
            load("uk"), "bg", load("bg"));

    /** Excel in ru, uk and bg locales expects {@code ;} between cells and a decimal comma; in en a comma and a point. */
    public boolean decimalComma() {
        return !raw && !"en".equals(language);
    }

    public char separator() {
        return decimalComma() ? ';' : ',';
    }

    public String datePattern() {
        return "en".equals(language) ? "dd/MM/yyyy" : "dd.MM.yyyy";
    }

    /** The header row: the report's own word for a column first, then the column's common one. */
    public List<String> headers(ReportTable t) {
        if (raw) {
            return t.headers();
        }
        Map<String, String> texts = TEXTS.get(language);
        return t.headers().stream().map(key -> texts.getOrDefault("column." + t.report() + "." + key,
                texts.getOrDefault("column." + key, key)).replace("{currency}", currency)).toList();
    }

    /** A cell as the form writes it: a number, a date, or text; null for an empty cell. */
    public Object value(Object cell) {
        if (cell instanceof Money m) {
            return raw ? (Object) m.minor() : BigDecimal.valueOf(m.minor(), minorDigits);
        }
        if (cell instanceof Share s) {
            return raw ? (Object) s.fraction() : decimal(s.fraction() * 100, 1);
        }
        if (cell instanceof StoreRef r) {
            return raw ? (Object) r.id() : storeCodes.getOrDefault(r.id(), Long.toString(r.id()));
        }
        if (cell instanceof Label l) {
            return raw ? l.raw() : label(l);
        }
        if (!raw && cell instanceof Double d) {
            return decimal(d, 2);
        }
        return cell;
    }

    /** A value as CSV text: dates and decimals in the language's way. */
    public String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof LocalDate d) {
            return raw ? d.toString() : d.format(DateTimeFormatter.ofPattern(datePattern()));
        }
        if (value instanceof BigDecimal b) {
            String plain = b.toPlainString();
            return decimalComma() ? plain.replace('.', ',') : plain;
        }
        return value.toString();
    }

    private String label(Label l) {
        Map<String, String> texts = TEXTS.get(language);
        String word = texts.getOrDefault("label." + l.key(), l.raw()).replace("{currency}", currency);
        return l.period() == null ? word : word + " " + text(l.period());
    }

    private static BigDecimal decimal(double d, int scale) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return null;
        }
        BigDecimal b = BigDecimal.valueOf(d).setScale(scale, RoundingMode.HALF_UP).stripTrailingZeros();
        return b.scale() < 0 ? b.setScale(0) : b;
    }

    static Map<String, String> texts(String language) {
        return TEXTS.get(language);
    }

    private static Map<String, String> load(String language) {
        return TextBundles.load("reports/exports_" + language + ".properties");
    }
}
