package io.kopilka.campaigns.gateway;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code kopilka.sms.*}: which gateway, its throughput and how to reach it (docs/sms-gateways.md). */
@ConfigMapping(prefix = "kopilka.sms")
public interface SmsConfig {

    /** {@code log}, {@code smpp} or {@code http}. */
    @WithDefault("log")
    String gateway();

    /** SMS parts per second the operator allows this account. */
    @WithDefault("10")
    int maxPerSecond();

    /**
     * Whether every process sending through this account books its share of {@link #maxPerSecond()} in the
     * database (table sms_send_rate), so that two workers together stay at the rate; false: each process keeps
     * the rate on its own (docs/adr/0038-sending-in-flight-and-the-shared-rate.md).
     */
    @WithDefault("true")
    boolean sharedRate();

    /** Messages the campaign job may have at the gateway at once, each waiting for its own answer. */
    @WithDefault("32")
    int inFlight();

    /** Shared secret the HTTP gateway's callbacks carry; without it every callback is refused. */
    Optional<String> callbackSecret();

    /**
     * How long a job run stays after sending for the delivery receipts of what it sent (an SMPP session exists
     * only while a run does); 0 to end at once.
     */
    @WithDefault("0s")
    Duration receiptWait();

    Smpp smpp();

    Http http();

    interface Smpp {
        @WithDefault("localhost")
        String host();

        @WithDefault("2775")
        int port();

        @WithDefault("kopilka")
        String systemId();

        Optional<String> password();

        Optional<String> systemType();

        /** Sender shown on the phone: a number (international, without +) or an alphanumeric name of up to 11. */
        @WithDefault("Kopilka")
        String sourceAddress();

        @WithDefault("30s")
        Duration enquireLinkInterval();

        /** How long to wait for a submit_sm_resp before the message counts as unknown. */
        @WithDefault("5s")
        Duration responseTimeout();

        /** Wait between attempts to bind again after the connection dropped while nothing is being sent. */
        @WithDefault("5s")
        Duration reconnectDelay();
    }

    interface Http {
        @WithDefault("https://sms.ru")
        String baseUrl();

        Optional<String> apiKey();

        Optional<String> login();

        Optional<String> sender();

        /** The client's own read timeout; keep it above the fault-tolerance timeout, which decides first. */
        @WithDefault("30s")
        Duration readTimeout();
    }
}
