package io.kopilka.app;

import java.time.Instant;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.kopilka.campaigns.CampaignCommand;
import io.kopilka.campaigns.Housekeeping;
import io.kopilka.reports.ReportRollups;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;

/**
 * The service (no argument, or {@code demo}) or one batch command, e.g. {@code housekeeping}, which does its
 * work, prints a summary and exits with 0, or 1 on failure.
 */
public class KopilkaApp implements QuarkusApplication {

    private static final Logger LOG = Logger.getLogger(KopilkaApp.class);

    @Inject
    Housekeeping housekeeping;

    @Inject
    CampaignCommand campaigns;

    @Inject
    ReportRollups reports;

    @Inject
    ChainCommand chains;

    @Override
    public int run(String... args) {
        String command = KopilkaMain.command(args);
        if (command == null) {
            Quarkus.waitForExit();
            return 0;
        }
        try {
            if ("housekeeping".equals(command)) {
                System.out.println("housekeeping: " + housekeeping.run(Instant.now()));
                return 0;
            }
            if ("reports".equals(command) && args.length == 2 && "refresh".equals(args[1])) {
                long t0 = System.nanoTime();
                ReportRollups.Result r = reports.refresh(Instant.now());
                System.out.println("reports: " + r + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
                return 0;
            }
            if ("chains".equals(command)) {
                return chains.run(System.out, System.err, java.util.Arrays.copyOfRange(args, 1, args.length));
            }
            if ("campaigns".equals(command)) {
                return campaigns.run(java.util.Arrays.copyOfRange(args, 1, args.length));
            }
            System.err.println("Unknown command '" + command + "'. Commands: campaigns run [--dry-run], chains create|list,"
                    + " housekeeping, reports refresh"
                    + " (or none to start the service, demo for the demo)");
            return 2;
        } catch (Exception e) {
            LOG.error("Command " + command + " failed", e);
            return 1;
        }
    }
}
