package io.kopilka.reports;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kopilka.pos.PosApi;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/** Exports for people in ru and en (headers, separator, BOM, whole units, store codes) and the raw form. */
@QuarkusTest
class ExportLanguageTest {

    private static final byte[] BOM = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };

    @Inject
    Fixtures fixtures;

    @Inject
    ReportRollups rollups;

    Fixtures.Chain chain;
    Fixtures.Till till;
    final LocalDate today = LocalDate.now(ZoneId.of("Europe/Moscow"));

    @BeforeEach
    void aReceiptOf1234Rubles50() {
        chain = fixtures.chain();
        till = fixtures.till(chain.id());
        String phone = PosApi.newPhone();
        PosApi.enrol(till, phone);
        PosApi.record(till, PosApi.receipt(PosApi.newReceiptNo(), phone, null, 123_450)).statusCode(201);
        rollups.refresh(Instant.now());
    }

    private RequestSpecification headOffice() {
        return given().auth().preemptive().basic(chain.adminEmail(), chain.adminPassword())
                .queryParam("from", today.minusDays(7).toString()).queryParam("to", today.toString());
    }

    private static String text(byte[] bytes) {
        return new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
    }

    @Test
    void russianCsvOpensInARussianExcel() {
        byte[] bytes = headOffice().queryParam("lang", "ru").get("/api/reports/v1/sales.csv").then().statusCode(200)
                .extract().asByteArray();
        assertArrayEquals(BOM, Arrays.copyOf(bytes, 3), "a UTF-8 BOM");
        List<String> lines = text(bytes).lines().toList();
        assertTrue(lines.get(0).startsWith("Период;Код магазина;Магазин;Чеки;Чеки с картой;Доля чеков с картой, %;"
                + "Продажи, RUB;Средний чек, RUB"), lines.get(0));
        String row = lines.get(1);
        assertTrue(row.startsWith(today.format(java.time.format.DateTimeFormatter.ofPattern("dd.MM.yyyy")) + ";"
                + till.storeCode() + ";"), row);
        assertTrue(row.contains(";1;1;100;1234,50;1234,50;"), "whole rubles with a decimal comma, percent: " + row);
        assertTrue(lines.get(lines.size() - 1).contains(";;Итого;1;1;100;1234,50;"), lines.toString());
        // another chosen by Accept-Language when no lang is given
        String uk = text(headOffice().header("Accept-Language", "uk-UA,uk").get("/api/reports/v1/retention.csv")
                .then().statusCode(200).extract().asByteArray());
        assertTrue(uk.startsWith("Показник;Значення"), uk);
        assertTrue(uk.contains("Довічна цінність (CLTV), RUB;"), uk);
    }

    @Test
    void englishCsvUsesCommasAndPoints() {
        String csv = text(headOffice().queryParam("lang", "en").get("/api/reports/v1/sales.csv").then()
                .statusCode(200).extract().asByteArray());
        List<String> lines = csv.lines().toList();
        assertTrue(lines.get(0).startsWith("Period,Store code,Store,Receipts,Receipts with a card,"
                + "\"Share of receipts with a card, %\",\"Sales, RUB\""), lines.get(0));
        assertTrue(lines.get(1).contains("," + till.storeCode() + ","), lines.get(1));
        assertTrue(lines.get(1).contains(",1,1,100,1234.50,1234.50,"), lines.get(1));
    }

    @Test
    void theRawFormIsTheJsonApisForIntegrations() {
        String csv = text(headOffice().queryParam("form", "raw").queryParam("lang", "ru").get("/api/reports/v1/sales.csv")
                .then().statusCode(200).extract().asByteArray());
        List<String> lines = csv.lines().toList();
        assertTrue(lines.get(0).startsWith("period,store_id,store_name,receipts,loyalty_receipts,loyalty_share,sales"),
                lines.get(0));
        assertTrue(lines.get(1).startsWith(today + "," + till.storeId() + ","), lines.get(1));
        assertTrue(lines.get(1).contains(",1,1,1.0,123450,123450,"), lines.get(1));
        assertFalse(csv.contains(";"), csv);
    }

    @Test
    void anUnknownLanguageOrFormIs400() {
        headOffice().queryParam("lang", "de").get("/api/reports/v1/sales.csv").then().statusCode(400)
                .body("errors[0].field", equalTo("lang"));
        headOffice().queryParam("form", "pretty").get("/api/reports/v1/sales.xlsx").then().statusCode(400)
                .body("errors[0].field", equalTo("form"));
        byte[] xlsx = headOffice().queryParam("lang", "ru").get("/api/reports/v1/economics.xlsx").then().statusCode(200)
                .extract().asByteArray();
        assertEquals('P', xlsx[0]);
    }
}
