package io.kopilka.campaigns.gateway;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.common.annotation.Identifier;

/** The default: writes each message to the log and sends nothing, for local runs and staging. */
@ApplicationScoped
@Identifier("log")
public class LogGateway implements SmsGateway {

    private static final Logger LOG = Logger.getLogger(LogGateway.class);

    @Override
    public Submitted submit(SmsMessage m) {
        int parts = SmsEncoding.parts(m.text());
        String id = "log-" + UUID.randomUUID();
        LOG.infof("SMS %s (outbox %d) to %s, %d part(s): %s", id, m.outboxId(), m.phone(), parts, m.text());
        return new Submitted(id, parts);
    }
}
