package io.kopilka.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kopilka.pos.PosApi;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;

/** A problem answers in the language the caller asks for, English without Accept-Language; nothing changes. */
@QuarkusTest
class ProblemLanguageTest {

    private static final String LOOKUP = "/api/pos/v1/customers/lookup";

    @Inject
    Fixtures fixtures;

    @Test
    void aFieldErrorIsInRussianWhenAskedAndInEnglishOtherwise() {
        Fixtures.Till till = fixtures.till(fixtures.chain().id());
        PosApi.as(till).header("Accept-Language", "ru-RU,ru;q=0.9,en;q=0.8").queryParam("phone", "abc").get(LOOKUP)
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://kopilka.io/problems/validation-failed"))
                .body("title", equalTo("В запросе неверно заполнены поля"))
                .body("detail", equalTo("Поле «Телефон»: неверный номер телефона."))
                .body("errors[0].field", equalTo("phone"))
                .body("errors[0].code", equalTo("phone"))
                .body("errors[0].message", equalTo("неверный номер телефона"));
        PosApi.as(till).queryParam("phone", "abc").get(LOOKUP).then().statusCode(400)
                .body("title", equalTo("The request has invalid fields"))
                .body("errors[0].code", equalTo("phone"))
                .body("errors[0].message", equalTo("is not a valid phone number"));
    }

    @Test
    void notFoundIsOneSentenceInTheLanguage() {
        Fixtures.Till till = fixtures.till(fixtures.chain().id());
        PosApi.as(till).header("Accept-Language", "ru").queryParam("phone", PosApi.newPhone()).get(LOOKUP)
                .then().statusCode(404).body("title", equalTo("Не найдено"))
                .body("detail", equalTo("Такой записи нет или она вам недоступна."));
        PosApi.as(till).queryParam("phone", PosApi.newPhone()).get(LOOKUP).then().statusCode(404)
                .body("title", equalTo("Not found")).body("detail", containsString("was not found"));
    }

    @Test
    void headOfficeMistakesInUkrainianAndBulgarianChangeNothing() {
        Fixtures.Chain chain = fixtures.chain();
        long stores = fixtures.queryLong("SELECT count(*) FROM stores WHERE chain_id = ?", chain.id());
        given().auth().preemptive().basic(chain.adminEmail(), chain.adminPassword()).header("Accept-Language", "uk")
                .contentType("application/json").body("{\"code\": \"s-1\", \"name\": \"Магазин\", \"timezone\": \"Mars/Base\"}")
                .post("/api/admin/v1/stores").then().statusCode(400)
                .body("errors.find { it.field == 'timezone' }.message",
                        equalTo("потрібен часовий пояс IANA, наприклад Europe/Moscow"))
                .body("title", equalTo("У запиті неправильно заповнені поля"));
        // one field's detail is a sentence of the language with the field in words, the JSON path only in errors[]
        given().auth().preemptive().basic(chain.adminEmail(), chain.adminPassword()).header("Accept-Language", "ru")
                .contentType("application/json").body("{\"code\": \"s-2\", \"name\": \"Магазин\", \"timezone\": \"Mars/Base\"}")
                .post("/api/admin/v1/stores").then().statusCode(400)
                .body("detail", equalTo("Поле «Часовой пояс»: нужен часовой пояс IANA, например Europe/Moscow."))
                .body("detail", not(containsString("timezone")))
                .body("errors[0].field", equalTo("timezone"));
        given().auth().preemptive().basic(chain.adminEmail(), chain.adminPassword()).header("Accept-Language", "bg")
                .contentType("application/json").body("{not json").post("/api/admin/v1/stores").then().statusCode(400)
                .body("title", equalTo("Тялото на заявката не е JSON с очаквания вид"))
                .body("detail", not(containsString("Unexpected")));
        org.junit.jupiter.api.Assertions.assertEquals(stores,
                fixtures.queryLong("SELECT count(*) FROM stores WHERE chain_id = ?", chain.id()));
    }
}
