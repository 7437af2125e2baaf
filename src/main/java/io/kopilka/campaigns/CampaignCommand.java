package io.kopilka.campaigns;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.campaigns.gateway.SmsConfig;

/**
 * {@code campaigns run [--dry-run] [--no-housekeeping] [--no-send] [--send-limit=N]
 * [--receipt-wait=SECONDS]}: one run of the batch job. Exit 0 when it did everything, 3 when the SMS gateway was unavailable and messages stay queued,
 * 2 for a wrong command line (1, a failure, is the caller's).
 */
@ApplicationScoped
public class CampaignCommand {

    public static final int GATEWAY_UNAVAILABLE = 3;

    @Inject
    CampaignJob job;

    @Inject
    SmsConfig sms;

    public int run(String... args) throws Exception {
        if (args.length == 0 || !"run".equals(args[0])) {
            return usage();
        }
        boolean dryRun = false;
        boolean housekeeping = true;
        boolean send = true;
        long limit = Long.MAX_VALUE;
        Duration receiptWait = sms.receiptWait();
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
            } else {
                return usage();
            }
        }
        CampaignJob.Summary summary = job.run(Instant.now(), new CampaignJob.Options(dryRun, housekeeping, send, limit, receiptWait));
        System.out.println(summary);
        return summary.gatewayUnavailable() ? GATEWAY_UNAVAILABLE : 0;
    }

    private static int usage() {
        System.err.println("Usage: campaigns run [--dry-run] [--no-housekeeping] [--no-send] [--send-limit=N] [--receipt-wait=SECONDS]");
        return 2;
    }
}
