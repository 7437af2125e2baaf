package io.kopilka.campaigns.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Without configuration the job sends through the log gateway: nothing leaves the machine. */
@QuarkusTest
class LogGatewayTest {

    @Inject
    SmsSender sender;

    @Test
    void theDefaultGatewayLogsTheMessageAndCountsItsParts() {
        assertEquals("log", sender.gatewayName());
        Submitted s = sender.send(new SmsMessage(1, "+79001234567", "Анна, с днём рождения! ".repeat(4)));
        assertTrue(s.gatewayMessageId().startsWith("log-"), s.gatewayMessageId());
        assertEquals(2, s.parts(), "92 Cyrillic characters are two UCS-2 parts");
        assertTrue(!s.gatewayMessageId().equals(sender.send(new SmsMessage(2, "+79001234567", "hi")).gatewayMessageId()));
    }
}
