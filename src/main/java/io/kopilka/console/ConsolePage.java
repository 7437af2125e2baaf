package io.kopilka.console;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.kopilka.platform.StaffIdentity;

/**
 * The console's pages in sidebar order. Report pages and the customer page are for every user (the report API
 * scopes them to the user's stores; a franchisee's customer page is read-only); the programme, the network, the
 * campaign settings, the users and the audit log are head office's only, and answer 404 to anyone else.
 */
public enum ConsolePage {

    DASHBOARD("", "dashboard", "nav_dashboard", "nav_overview", false),
    TRENDS("trends", "trends", "nav_trends", "nav_reports", false),
    RETENTION("retention", "retention", "nav_retention", "nav_reports", false),
    SEGMENTS("segments", "segments", "nav_segments", "nav_reports", false),
    SETTLEMENT("settlement", "settlement", "nav_settlement", "nav_reports", false),
    EXPORTS("exports", "exports", "nav_exports", "nav_reports", false),
    CUSTOMERS("customers", "customers", "nav_customers", "nav_care", false),
    PROGRAMME("programme", "programme", "nav_programme", "nav_manage", true),
    STORES("stores", "stores", "nav_stores", "nav_manage", true),
    PROMO_CODES("promo-codes", "promo", "nav_promo", "nav_manage", true),
    CAMPAIGNS("campaigns", "campaigns", "nav_campaigns", "nav_manage", true),
    CAMPAIGN_SETTINGS("campaign-settings", "campaign-settings", "nav_campaign_settings", "nav_manage", true),
    WEBHOOKS("webhooks", "webhooks", "nav_webhooks", "nav_manage", true),
    USERS("users", "users", "nav_users", "nav_people", true),
    AUDIT("audit", "audit", "nav_audit", "nav_people", true);

    /** One sidebar entry as the layout renders it. */
    @io.quarkus.qute.TemplateData
    public record NavItem(String href, String titleKey, String groupKey, boolean current, boolean firstOfGroup) {
    }

    public final String slug;
    public final String template;
    public final String titleKey;
    public final String groupKey;
    public final boolean headOfficeOnly;

    ConsolePage(String slug, String template, String titleKey, String groupKey, boolean headOfficeOnly) {
        this.slug = slug;
        this.template = template;
        this.titleKey = titleKey;
        this.groupKey = groupKey;
        this.headOfficeOnly = headOfficeOnly;
    }

    public String href() {
        return slug.isEmpty() ? "/console" : "/console/" + slug;
    }

    public boolean openTo(StaffIdentity who) {
        return !headOfficeOnly || who.isHeadOffice();
    }

    public static Optional<ConsolePage> bySlug(String slug) {
        return Arrays.stream(values()).filter(p -> p.slug.equals(slug)).findFirst();
    }

    public static List<NavItem> navigation(StaffIdentity who, ConsolePage current) {
        List<ConsolePage> open = Arrays.stream(values()).filter(p -> p.openTo(who)).toList();
        return open.stream().map(p -> {
            int i = open.indexOf(p);
            boolean first = i == 0 || !open.get(i - 1).groupKey.equals(p.groupKey);
            return new NavItem(p.href(), p.titleKey, p.groupKey, p == current, first);
        }).toList();
    }
}
