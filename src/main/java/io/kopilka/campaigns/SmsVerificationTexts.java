package io.kopilka.campaigns;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.kopilka.campaigns.gateway.SmsMessage;
import io.kopilka.campaigns.gateway.SmsRejected;
import io.kopilka.campaigns.gateway.SmsSender;
import io.kopilka.customers.VerificationTexts;
import io.kopilka.platform.Problems;

/**
 * Verification codes through the configured SMS gateway, sent at once while the till waits up to a second for the
 * gateway's answer. Not queued in the outbox (a code is worthless after minutes and must not wait for the batch job
 * or quiet hours) and not subject to consent, since the customer asked for it at the till.
 */
@ApplicationScoped
public class SmsVerificationTexts implements VerificationTexts {

    private static final Logger LOG = Logger.getLogger(SmsVerificationTexts.class);

    private static final Map<String, String> PHONE_CHANGE = Map.of(
            "ru", "Код для смены телефона: %s. Действует %d мин. Никому его не сообщайте.",
            "uk", "Код для зміни телефону: %s. Дійсний %d хв. Нікому його не повідомляйте.",
            "bg", "Код за смяна на телефона: %s. Валиден %d мин. Не го съобщавайте на никого.",
            "en", "Your code to change the phone: %s. Valid for %d min. Do not share it with anyone.");

    /**
     * How long the till waits for the gateway's answer: within the POS API's 2 s (docs/adr/0023), leaving time for
     * the database work before it. A slower gateway still sends; the till has its 202 and the log the outcome.
     */
    static final long WAIT_MS = 1000;

    @Inject
    SmsSender sms;

    @Inject
    ExecutorService executor;

    @Override
    public void sendPhoneChangeCode(long chainId, long customerId, String newPhone, String language, String code,
            int validMinutes) {
        String text = PHONE_CHANGE.getOrDefault(language, PHONE_CHANGE.get("en")).formatted(code, validMinutes);
        String what = "Phone change code for customer " + customerId + " of chain " + chainId;
        // no outbox row: 0 stands in the gateway's logs for "not a campaign message"
        Future<?> sending = executor.submit(() -> sendLogged(new SmsMessage(0, newPhone, text), what));
        try {
            sending.get(WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.infof("%s: the gateway is slow; the till was answered and the code is still being sent", what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notSent();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SmsRejected r) {
                throw Problems.unprocessable("sms-rejected", "The SMS gateway refused the number",
                        "The code could not be sent to this phone: " + r.getMessage());
            }
            throw notSent();
        }
    }

    private void sendLogged(SmsMessage m, String what) {
        try {
            sms.send(m);
        } catch (RuntimeException e) {
            LOG.warnf("%s not sent: %s", what, e.toString());
            throw e;
        }
    }

    private static RuntimeException notSent() {
        return Problems.unavailable("The SMS gateway did not take the code; request the phone change again", 30);
    }
}
