package io.kopilka.pos;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.kopilka.campaigns.gateway.GatewayUnavailable;
import io.kopilka.campaigns.gateway.SmsMessage;
import io.kopilka.campaigns.gateway.SmsSender;
import io.kopilka.campaigns.gateway.Submitted;

/** The SMS gateway as the customer's phone: keeps every text, or fails like a gateway that is away. */
class CodeInbox extends SmsSender {

    private static final Pattern CODE = Pattern.compile("\\b([0-9]{6})\\b");

    final List<SmsMessage> received = new CopyOnWriteArrayList<>();
    volatile boolean down;
    volatile long delayMs;

    @Override
    public Submitted send(SmsMessage m) {
        if (down) {
            throw new GatewayUnavailable("test gateway down");
        }
        if (delayMs > 0) {
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        received.add(m);
        return new Submitted("test-" + received.size(), 1);
    }

    @Override
    public String gatewayName() {
        return "test";
    }

    /** The code of the latest text to this phone. */
    String latestCode(String phone) {
        List<SmsMessage> to = received.stream().filter(m -> m.phone().equals(phone)).toList();
        if (to.isEmpty()) {
            throw new AssertionError("no text was sent to " + phone);
        }
        Matcher m = CODE.matcher(to.get(to.size() - 1).text());
        if (!m.find()) {
            throw new AssertionError("no code in " + to.get(to.size() - 1).text());
        }
        return m.group(1);
    }
}
