package io.kopilka.campaigns;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import io.kopilka.campaigns.gateway.SmsEncoding;
import io.kopilka.campaigns.gateway.SmsMessage;
import io.kopilka.campaigns.gateway.SmsSender;
import io.kopilka.campaigns.gateway.Submitted;

/** A gateway that keeps what it was given; it can be told to go down after n messages or to die mid-send. */
class RecordingSender extends SmsSender {

    /** Thrown out of the send to stand for the process dying while the gateway was being called. */
    static final class Killed extends Error {
        Killed() {
            super("killed");
        }
    }

    final List<SmsMessage> received = new CopyOnWriteArrayList<>();
    final AtomicInteger calls = new AtomicInteger();
    volatile int outageAfter = Integer.MAX_VALUE;
    volatile int killAt = Integer.MAX_VALUE;
    volatile long delayMs;
    /** Called with the gateway id of every accepted message, as an SMSC would later send its receipt. */
    volatile java.util.function.Consumer<String> afterSend = id -> {
    };

    /** The job's pacing is the real sender's; the recording one takes every message at once. */
    @Override
    public void awaitTurn(int parts) {
    }

    @Override
    public Submitted submit(SmsMessage m) {
        int n = calls.incrementAndGet();
        if (n == killAt) {
            throw new Killed();
        }
        if (n > outageAfter) {
            throw new CircuitBreakerOpenException("test gateway down");
        }
        if (delayMs > 0) {
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        received.add(m);
        afterSend.accept("gw-" + m.outboxId());
        return new Submitted("gw-" + m.outboxId(), SmsEncoding.parts(m.text()));
    }

    @Override
    public String gatewayName() {
        return "test";
    }

    List<SmsMessage> to(String phone) {
        return received.stream().filter(m -> m.phone().equals(phone)).toList();
    }
}
