package io.kopilka.campaigns;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.kopilka.platform.Transactions;

/**
 * Walks a plan's audience page by page and composes every message. For a preview or a dry run it only
 * counts; for a run it queues each page (and its personal promo codes) in one short transaction, so a run
 * killed half-way is continued by the next one and the unique outbox key keeps every message single.
 */
@ApplicationScoped
public class CampaignPlanner {

    /** Page of a preview or a dry run, which only read. */
    static final int PREVIEW_PAGE = 5000;

    /** An opt-out link is as long as this id would make it; a dry run has no ids of its own. */
    private static final long PREVIEW_ID = 999_999_999L;

    @Inject
    Transactions tx;

    @Inject
    Tills tills;

    @Inject
    Outbox outbox;

    @Inject
    JobStop stop;

    /** After each page it queued while the database is quiet, the run rests this many times the page's own time. */
    @ConfigProperty(name = "kopilka.campaigns.queue-pause-factor", defaultValue = "1.0")
    double pauseFactor;

    /**
     * The same while other sessions (the tills) are using the database: 20.0 keeps the job's share of a core
     * under a twentieth beside the checkout (TillPacing).
     */
    @ConfigProperty(name = "kopilka.campaigns.queue-busy-pause-factor", defaultValue = "20.0")
    double busyPauseFactor;

    /**
     * Customers queued per transaction. Small pages keep each burst of the job's database work short, so a
     * checkout that arrives meanwhile waits little (docs/benchmark.md, "Campaign batch job").
     */
    @ConfigProperty(name = "kopilka.campaigns.queue-page-size", defaultValue = "200")
    int queuePageSize;

    /**
     * Customers per transaction while the tills are busy. A checkout that arrives during a page waits for at most
     * a page's worth of the job's database work, so beside the tills the pages are shorter.
     */
    @ConfigProperty(name = "kopilka.campaigns.queue-busy-page-size", defaultValue = "50")
    int queueBusyPageSize;

    /**
     * {@code audience}: every eligible customer, of whom {@code heldOut} are the control group and the rest are sent
     * to (the SMS parts and the languages are theirs); {@code busyPages}: pages queued while the tills were busy,
     * so rested at the long pace.
     */
    public record Planned(long audience, long heldOut, long queued, long smsParts,
            Map<String, Preview.LanguageShare> byLanguage, String sample, long pages, long busyPages) {

        long treated() {
            return audience - heldOut;
        }
    }

    /** What the pages so far add up to; each page is one transaction. */
    private static final class Progress {
        long audience;
        long heldOut;
        long queued;
        long parts;
        String sample;
        long after;
        boolean more = true;
    }

    Planned plan(MessagePlan plan, CampaignSettings settings, byte[] secret, boolean write, Instant now) {
        Composer composer = new Composer(plan.templates(), settings, secret, plan.chainId(), plan.promotional());
        Holdout holdout = new Holdout(secret, plan.campaignId(), plan.holdoutPercent());
        Map<String, long[]> languages = new TreeMap<>();
        Progress p = new Progress();
        TillPacing pacing = tills.pacing(pauseFactor, busyPauseFactor);
        while (p.more && !(write && stop.requested())) {
            long pageStart = System.nanoTime();
            boolean empty = tx.inTransaction(c -> {
                int pageSize = PREVIEW_PAGE;
                if (write) {
                    pacing.look(c);
                    pageSize = pacing.busy() ? queueBusyPageSize : queuePageSize;
                }
                List<Recipient> page = plan.audience().page(c, p.after, pageSize);
                if (page.isEmpty()) {
                    return true;
                }
                p.after = page.get(page.size() - 1).customerId();
                List<Recipient> chosen = new ArrayList<>(page.size());
                List<String> occasions = new ArrayList<>(page.size());
                for (Recipient r : page) {
                    String occasion = plan.occasion().apply(r);
                    if (occasion != null) {
                        chosen.add(r);
                        occasions.add(occasion);
                    }
                }
                long[] ids = write && !chosen.isEmpty() ? outbox.allocateIds(c, chosen.size()) : null;
                List<OutboxRow> rows = new ArrayList<>(chosen.size());
                List<OutboxRow> heldOut = new ArrayList<>();
                List<String> codes = new ArrayList<>();
                for (int i = 0; i < chosen.size(); i++) {
                    Recipient r = chosen.get(i);
                    long id = ids == null ? PREVIEW_ID : ids[i];
                    // decided after every filter that applies to both groups alike (docs/adr/0043-holdout-groups.md)
                    if (holdout.heldOut(r.customerId())) {
                        heldOut.add(composer.heldOut(id, r, occasions.get(i), plan.sendAt()));
                        continue;
                    }
                    String code = plan.personalPromo() == null ? null
                            : PersonalCodes.code(secret, plan.personalPromo(), plan.campaignId(), r.customerId());
                    if (code != null) {
                        codes.add(code);
                    }
                    OutboxRow row = composer.compose(id, r, occasions.get(i), plan.sendAt(), code, plan.bonusPoints());
                    rows.add(row);
                    long[] share = languages.computeIfAbsent(row.language(), l -> new long[2]);
                    share[0]++;
                    share[1] += row.parts();
                    p.parts += row.parts();
                    if (p.sample == null) {
                        p.sample = row.text();
                    }
                }
                p.audience += chosen.size();
                p.heldOut += heldOut.size();
                if (write) {
                    if (plan.personalPromo() != null) {
                        PersonalCodes.insert(c, plan.chainId(), plan.personalPromo(), codes, now);
                    }
                    outbox.insertHeldOut(c, plan.chainId(), plan.campaignId(), heldOut);
                    List<Long> fresh = outbox.insert(c, plan.chainId(), plan.campaignId(), rows);
                    p.queued += fresh.size();
                    // held-out customers are left out here: no birthday points come with a greeting they do not get
                    if (plan.onQueued() != null && !fresh.isEmpty()) {
                        plan.onQueued().queued(c, fresh);
                    }
                }
                p.more = page.size() == pageSize;
                return false;
            });
            if (empty) {
                break;
            }
            if (write) {
                pacing.rest(System.nanoTime() - pageStart, stop);
            }
        }
        Map<String, Preview.LanguageShare> shares = new TreeMap<>();
        languages.forEach((l, v) -> shares.put(l, new Preview.LanguageShare(v[0], v[1])));
        return new Planned(p.audience, p.heldOut, p.queued, p.parts, shares, p.sample, pacing.steps(), pacing.busySteps());
    }
}
