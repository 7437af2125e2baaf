package io.kopilka.reports;

import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.platform.Problems;
import io.kopilka.platform.ProblemTexts;
import io.kopilka.platform.StaffIdentity;

/** Chooses an export's form from {@code form}, {@code lang} and Accept-Language, with the chain's currency and codes. */
@ApplicationScoped
public class ExportForms {

    @Inject
    ReportDatabase db;

    public ExportForm choose(StaffIdentity who, String form, String lang, String acceptLanguage) {
        boolean raw = "raw".equals(form);
        if (form != null && !form.isBlank() && !raw && !"people".equals(form)) {
            throw Problems.invalid("form", "must be people or raw");
        }
        String language;
        if (lang == null || lang.isBlank()) {
            language = ProblemTexts.language(acceptLanguage);
        } else if (ExportForm.LANGUAGES.contains(lang)) {
            language = lang;
        } else {
            throw Problems.invalid("lang", "must be one of " + String.join(", ", ExportForm.LANGUAGES));
        }
        String currency = db.one("SELECT currency FROM chains WHERE id = ?", List.of(who.chainId()),
                rs -> rs.getString(1));
        Map<Long, String> codes = db.list("SELECT id, code FROM stores WHERE chain_id = ?", List.of(who.chainId()),
                rs -> Map.entry(rs.getLong(1), rs.getString(2))).stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        return new ExportForm(raw, language, currency, minorDigits(currency), codes);
    }

    private static int minorDigits(String currency) {
        try {
            return Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException | NullPointerException e) {
            return 2;
        }
    }
}
