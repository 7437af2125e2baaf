package io.kopilka.campaigns.gateway;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * What the campaign job sends through: waits for the operator's rate (in parts), then hands the message to the
 * configured gateway behind the fault-tolerance layer. The pacing stays outside that layer so that waiting for
 * a slot never counts against the gateway's timeout.
 */
@ApplicationScoped
public class SmsSender {

    @Inject
    SmsConfig config;

    @Inject
    FaultTolerantGateway gateway;

    private ThroughputPacer pacer;

    @PostConstruct
    void start() {
        pacer = new ThroughputPacer(config.maxPerSecond());
    }

    public Submitted send(SmsMessage m) {
        pacer.await(SmsEncoding.parts(m.text()));
        return gateway.submit(m);
    }

    public String gatewayName() {
        return gateway.gatewayName();
    }
}
