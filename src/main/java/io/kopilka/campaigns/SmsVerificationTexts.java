package io.kopilka.campaigns;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.kopilka.campaigns.gateway.SmsMessage;
import io.kopilka.campaigns.gateway.SmsRejected;
import io.kopilka.campaigns.gateway.SmsSender;
import io.kopilka.customers.VerificationTexts;
import io.kopilka.platform.Problems;
import io.kopilka.platform.Transactions;

/**
 * Verification codes through the configured SMS gateway, sent at once while the till waits: not queued in the
 * outbox (a code is worthless after minutes and must not wait for the batch job or quiet hours) and not subject to
 * consent, since the customer asked for it at the till.
 */
@ApplicationScoped
public class SmsVerificationTexts implements VerificationTexts {

    private static final Logger LOG = Logger.getLogger(SmsVerificationTexts.class);

    private static final Map<String, String> PHONE_CHANGE = Map.of(
            "ru", "Код для смены телефона: %s. Действует %d мин. Никому его не сообщайте.",
            "uk", "Код для зміни телефону: %s. Дійсний %d хв. Нікому його не повідомляйте.",
            "bg", "Код за смяна на телефона: %s. Валиден %d мин. Не го съобщавайте на никого.",
            "en", "Your code to change the phone: %s. Valid for %d min. Do not share it with anyone.");

    @Inject
    SmsSender sms;

    @Override
    public void sendPhoneChangeCode(long chainId, long customerId, String newPhone, String language, String code,
            int validMinutes) {
        String text = PHONE_CHANGE.getOrDefault(language, PHONE_CHANGE.get("en")).formatted(code, validMinutes);
        try {
            // no outbox row: 0 stands in the gateway's logs for "not a campaign message"
            sms.send(new SmsMessage(0, newPhone, text));
        } catch (SmsRejected e) {
            throw Problems.unprocessable("sms-rejected", "The SMS gateway refused the number",
                    "The code could not be sent to this phone: " + e.getMessage());
        } catch (Transactions.DatabaseFailure e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warnf("Phone change code for customer %d of chain %d not sent: %s", customerId, chainId, e.toString());
            throw Problems.unavailable("The SMS gateway did not take the code; request the phone change again", 30);
        }
    }
}
