package io.kopilka.campaigns.gateway;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.platform.Transactions;

/**
 * What the campaign job sends through: waits for the operator's rate (in parts), then hands the message to the
 * configured gateway behind the fault-tolerance layer. The pacing stays outside that layer so that waiting for
 * a slot never counts against the gateway's timeout. The job waits its turn on its own thread and submits on
 * others, so that several messages are at the gateway at once while the parts still go evenly spaced.
 */
@ApplicationScoped
public class SmsSender {

    /** A booked block of the shared rate covers this share of a second: a few bookings a second per process. */
    private static final int BLOCKS_PER_SECOND = 5;

    @Inject
    SmsConfig config;

    @Inject
    FaultTolerantGateway gateway;

    @Inject
    Transactions tx;

    private volatile ThroughputPacer pacer;

    @PostConstruct
    void start() {
        if (config.maxPerSecond() <= 0) {
            throw new IllegalArgumentException("kopilka.sms.max-per-second must be positive");
        }
        if (!config.sharedRate()) {
            pacer = new ThroughputPacer(config.maxPerSecond());
        }
    }

    public Submitted send(SmsMessage m) {
        awaitTurn(SmsEncoding.parts(m.text()));
        return submit(m);
    }

    /** Sleeps until these parts may go at the operator's rate. */
    public void awaitTurn(int parts) {
        pacer().await(parts);
    }

    /** Hands the message to the gateway now, without waiting for the rate (the caller did). */
    public Submitted submit(SmsMessage m) {
        return gateway.submit(m);
    }

    public String gatewayName() {
        return gateway.gatewayName();
    }

    /** The shared pacer is made on first use: the row it books in may only exist once the migrations ran. */
    private ThroughputPacer pacer() {
        ThroughputPacer p = pacer;
        if (p == null) {
            synchronized (this) {
                if (pacer == null) {
                    int rate = config.maxPerSecond();
                    pacer = new ThroughputPacer(rate, new SharedRate(tx, account()), Math.max(1, rate / BLOCKS_PER_SECOND));
                }
                p = pacer;
            }
        }
        return p;
    }

    /** One row per operator account: the gateway and where it is reached, never its secrets. */
    private String account() {
        return switch (config.gateway()) {
            case "http" -> "http " + config.http().baseUrl() + " " + config.http().login().orElse("");
            case "smpp" -> "smpp " + config.smpp().host() + ":" + config.smpp().port() + " " + config.smpp().systemId();
            default -> config.gateway();
        };
    }
}
