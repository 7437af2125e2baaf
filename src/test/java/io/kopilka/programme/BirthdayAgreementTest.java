package io.kopilka.programme;

import static io.kopilka.pos.PosApi.as;
import static io.kopilka.pos.PosApi.newPhone;
import static io.kopilka.pos.PosApi.newReceiptNo;
import static io.kopilka.programme.ProgrammeDocs.base;
import static io.kopilka.programme.ProgrammeDocs.doc;
import static io.kopilka.programme.ProgrammeDocs.put;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kopilka.pos.PosApi;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The cashier's "birthday today" and the receipt's birthday bonus and multiplier agree on every day around the
 * birthday, for a customer of a Vladivostok store shopping in Kaliningrad, eight hours behind. The lookup reads
 * the real clock, so the birth dates are chosen relative to today.
 */
@QuarkusTest
class BirthdayAgreementTest {

    private static final ZoneId VLADIVOSTOK = ZoneId.of("Asia/Vladivostok");
    private static final ZoneId KALININGRAD = ZoneId.of("Europe/Kaliningrad");
    private static final int WINDOW_DAYS = 3;

    @Inject
    Fixtures fixtures;

    Fixtures.Till home;
    Fixtures.Till away;

    @BeforeEach
    void setUp() {
        Fixtures.Chain chain = fixtures.chain();
        home = fixtures.till(chain.id(), VLADIVOSTOK.getId(), null);
        away = fixtures.till(chain.id(), KALININGRAD.getId(), null);
        put(chain, doc("bonus", base(5), "[]", "[]",
                "{\"points\": 200, \"multiplier\": 2, \"window_days\": " + WINDOW_DAYS + "}")).statusCode(200);
    }

    @Test
    void theLookupAndTheReceiptAgreeInTheHomeStoresZone() {
        for (int daysToBirthday = -WINDOW_DAYS - 2; daysToBirthday <= WINDOW_DAYS + 2; daysToBirthday++) {
            String phone = enrol(LocalDate.now(VLADIVOSTOK).minusYears(30).plusDays(daysToBirthday));
            assertAgree(phone, Math.abs(daysToBirthday) <= WINDOW_DAYS, "Vladivostok customer, birthday in " + daysToBirthday + " days");
        }
    }

    @Test
    void withoutAHomeStoreTheStoreOfTheReceiptDecides() {
        for (int daysToBirthday : List.of(-WINDOW_DAYS - 1, -WINDOW_DAYS, WINDOW_DAYS, WINDOW_DAYS + 1)) {
            String phone = enrol(LocalDate.now(KALININGRAD).minusYears(30).plusDays(daysToBirthday));
            fixtures.execute("UPDATE customers SET home_store_id = NULL WHERE chain_id = ? AND phone = ?", home.chainId(), phone);
            assertAgree(phone, Math.abs(daysToBirthday) <= WINDOW_DAYS, "no home store, birthday in " + daysToBirthday + " days");
        }
    }

    private String enrol(LocalDate birthDate) {
        String phone = newPhone();
        as(home).body("{\"phone\": \"" + phone + "\", \"sms_consent\": true, \"birth_date\": \"" + birthDate + "\"}")
                .post(PosApi.CUSTOMERS).then().statusCode(201);
        return phone;
    }

    private void assertAgree(String phone, boolean inWindow, String who) {
        boolean birthdayToday = PosApi.lookup(away, phone).getBoolean("birthday_today");
        List<String> messages = PosApi.record(away, PosApi.receipt(newReceiptNo(), phone, null, 10000))
                .statusCode(201).extract().jsonPath().getList("messages", String.class);
        assertEquals(inWindow, birthdayToday, who + ": birthday_today");
        assertEquals(birthdayToday, messages.contains("Happy birthday! +200 points"), who + ": bonus points " + messages);
        assertEquals(birthdayToday, messages.stream().anyMatch(m -> m.startsWith("Happy birthday! Birthday: x2")),
                who + ": multiplier " + messages);
    }
}
