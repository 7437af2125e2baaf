package io.kopilka.campaigns.gateway;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

/** Placeholder until the gateway layer lands. */
@ApplicationScoped
public class SmsSender {
    public Submitted send(SmsMessage m) {
        return new Submitted(UUID.randomUUID().toString(), SmsEncoding.parts(m.text()));
    }

    public String gatewayName() {
        return "log";
    }
}
