package io.kopilka.campaigns;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.kopilka.campaigns.gateway.SmsConfig;

/**
 * {@code campaigns run [--dry-run] [--no-housekeeping] [--no-send] [--send-limit=N]
 * [--receipt-wait=SECONDS] [--every=DURATION]}: one run of the batch job. Exit 0 when it did everything, 3 when the SMS gateway was unavailable and messages stay queued,
 * 2 for a wrong command line (1, a failure, is the caller's). With {@code --every} (e.g. {@code 10m}) the process
 * stays up and starts a run at that interval until it is stopped, so the JVM starts once rather than for every run.
 */
@ApplicationScoped
public class CampaignCommand {

    public static final int GATEWAY_UNAVAILABLE = 3;
    private static final Logger LOG = Logger.getLogger(CampaignCommand.class);

    @Inject
    CampaignJob job;

    @Inject
    SmsConfig sms;

    @Inject
    JobStop stop;

    public int run(String... args) throws Exception {
        if (args.length == 0 || !"run".equals(args[0])) {
            return usage();
        }
        boolean dryRun = false;
        boolean housekeeping = true;
        boolean send = true;
        long limit = Long.MAX_VALUE;
        Duration receiptWait = sms.receiptWait();
        Duration every = null;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if ("--dry-run".equals(a)) {
                dryRun = true;
            } else if ("--no-housekeeping".equals(a)) {
                housekeeping = false;
            } else if ("--no-send".equals(a)) {
                send = false;
            } else if (a.startsWith("--send-limit=")) {
                try {
                    limit = Long.parseLong(a.substring("--send-limit=".length()));
                } catch (NumberFormatException e) {
                    return usage();
                }
            } else if (a.startsWith("--receipt-wait=")) {
                try {
                    receiptWait = Duration.ofSeconds(Long.parseLong(a.substring("--receipt-wait=".length())));
                } catch (NumberFormatException e) {
                    return usage();
                }
            } else if (a.startsWith("--every=")) {
                try {
                    every = io.quarkus.runtime.configuration.DurationConverter.parseDuration(a.substring("--every=".length()));
                } catch (RuntimeException e) { // a DateTimeParseException or an IllegalArgumentException
                    return usage();
                }
                if (every == null || every.isNegative() || every.isZero()) {
                    return usage();
                }
            } else {
                return usage();
            }
        }
        if (every != null && dryRun) {
            return usage();
        }
        CampaignJob.Options options = new CampaignJob.Options(dryRun, housekeeping, send, limit, receiptWait);
        stop.started();
        try {
            if (every != null) {
                return runEvery(every, options);
            }
            CampaignJob.Summary summary = job.run(Instant.now(), options, System.out::println);
            return summary.gatewayUnavailable() ? GATEWAY_UNAVAILABLE : 0;
        } finally {
            stop.finished();
        }
    }

    /** The worker: a run now and then one every {@code every} after the last one started, until stopped. */
    int runEvery(Duration every, CampaignJob.Options options) throws InterruptedException {
        System.out.println("campaign worker: a run every " + every.toSeconds() + " s until stopped");
        while (!stop.requested()) {
            Instant started = Instant.now();
            try {
                job.run(started, options, System.out::println);
            } catch (Exception e) {
                // the next run starts from the database's state, so one failed run loses nothing
                LOG.errorf(e, "A campaign run failed; the next one starts in %d s", every.toSeconds());
            }
            stop.sleepUntil(started.plus(every));
        }
        System.out.println("campaign worker: stopped");
        return 0;
    }

    private static int usage() {
        System.err.println("Usage: campaigns run [--dry-run] [--no-housekeeping] [--no-send] [--send-limit=N] [--receipt-wait=SECONDS]"
                + " [--every=DURATION, e.g. 10m: stay up and run at that interval; not with --dry-run]");
        return 2;
    }
}
