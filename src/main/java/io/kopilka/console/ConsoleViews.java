package io.kopilka.console;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kopilka.platform.webhooks.WebhookEventType;
import io.kopilka.platform.StaffIdentity;
import io.quarkus.qute.Engine;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;

/** Renders the console's Qute templates (templates/console/) to HTML with what every page shows. */
@ApplicationScoped
public class ConsoleViews {

    /** The Chart.js build shipped in the webjar dependency (pom.xml) and served from its META-INF/resources. */
    static final String CHART_JS = "/webjars/chart.js/4.4.1/dist/chart.umd.js";

    /** Who is signed in, as the header shows it. */
    @TemplateData
    public record Header(String email, String roleKey, boolean headOffice, String chainName, String currency,
            String franchiseeName, String today) {
    }

    /** A report the exports page links to, as CSV and XLSX. */
    @TemplateData
    public record Export(String path, String labelKey) {
    }

    static final List<Export> EXPORTS = List.of(new Export("sales", "export_sales"),
            new Export("liability", "export_liability"), new Export("retention", "export_retention"),
            new Export("segments", "export_segments"), new Export("economics", "export_economics"),
            new Export("settlement", "export_settlement"));

    @Inject
    Engine engine;

    @Inject
    ConsoleLanguage languages;

    @Inject
    ChainHeader chains;

    @Inject
    ObjectMapper json;

    public String page(ConsolePage page, StaffIdentity who, String csrf, String language) {
        ChainHeader.View chain = chains.of(who);
        Header header = new Header(who.email(), "role_" + who.role(), who.isHeadOffice(), chain.chainName(),
                chain.currency(), chain.franchiseeName(), chain.today().toString());
        return common(engine.getTemplate("console/" + page.template), language)
                .data("page", page.slug)
                .data("titleKey", page.titleKey)
                .data("nav", ConsolePage.navigation(who, page))
                .data("header", header)
                .data("csrf", csrf)
                .data("chartJs", CHART_JS)
                .data("exports", EXPORTS)
                .data("webhookEvents", WebhookEventType.wireNames())
                .render();
    }

    public String login(String language, String next, String email, boolean failed) {
        return loginPage(language, next, email).data("failed", failed).data("lockedMinutes", 0).render();
    }

    /** The sign-in form of an email locked after too many wrong passwords, with the minutes left. */
    public String loginLocked(String language, String next, String email, long retryAfterSeconds) {
        return loginPage(language, next, email).data("failed", false)
                .data("lockedMinutes", Math.max(1, (retryAfterSeconds + 59) / 60)).render();
    }

    private TemplateInstance loginPage(String language, String next, String email) {
        return common(engine.getTemplate("console/login"), language)
                .data("next", next)
                .data("email", email == null ? "" : email);
    }

    public String notFound(String language) {
        return common(engine.getTemplate("console/not-found"), language).render();
    }

    private TemplateInstance common(io.quarkus.qute.Template template, String language) {
        Map<String, String> texts = languages.texts(language);
        return template.data("t", texts)
                .data("lang", language)
                .data("languages", ConsoleLanguage.LANGUAGES)
                .data("textsJson", scriptSafe(texts));
    }

    /** The texts as JSON inside a script element: "</" may not appear there. */
    private String scriptSafe(Map<String, String> texts) {
        try {
            return json.writeValueAsString(texts).replace("</", "<\\/");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
