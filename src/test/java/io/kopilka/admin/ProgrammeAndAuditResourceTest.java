package io.kopilka.admin;

import static io.kopilka.admin.AdminApi.BASE;
import static io.kopilka.admin.AdminApi.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ProgrammeAndAuditResourceTest {

    @Inject
    Fixtures fixtures;

    @Test
    void activeProgrammeIsTheSpecDocument() {
        Fixtures.Chain chain = fixtures.chain();
        as(chain).get(BASE + "/program").then().statusCode(200)
                .body("version", equalTo(1))
                .body("effective_from", notNullValue())
                .body("point_value_minor", equalTo(100))
                .body("earn_mode", equalTo("bonus"))
                .body("earn_on", equalTo("paid_amount"))
                .body("max_redeem_share_pct", equalTo(30))
                .body("min_line_price_pct", equalTo(0))
                .body("accrual_delay_days", equalTo(14))
                .body("expiry_days", equalTo(365))
                .body("hold_ttl_minutes", equalTo(15))
                .body("tiers", hasSize(1))
                .body("tiers[0].code", equalTo("base"))
                .body("tiers[0].name", equalTo("Base"))
                .body("tiers[0].min_spend_minor", equalTo(0))
                .body("tiers[0].rate_pct", equalTo(5))
                .body("categories", hasSize(0))
                .body("multipliers", hasSize(0))
                .body("welcome_points", equalTo(0))
                .body("$", hasKey("birthday")).body("birthday", nullValue())
                .body("$", hasKey("referral")).body("referral", nullValue())
                .body("promo_stacking", equalTo(true));
        as(chain).get(BASE + "/program/versions").then().statusCode(200)
                .body("version", contains(1))
                .body("[0].active", equalTo(true))
                .body("[0].program.expiry_days", equalTo(365))
                .body("[0].created_at", notNullValue());
    }

    @Test
    void programmeAuditAndLedgerAuditAreHeadOfficeOnly() {
        Fixtures.Chain chain = fixtures.chain();
        long franchisee = fixtures.franchisee(chain.id(), "Yug");
        String user = fixtures.franchiseeUser(chain.id(), franchisee, "franchisee-pass");
        for (String path : new String[] { "/program", "/program/versions", "/audit", "/ledger/audit" }) {
            as(user, "franchisee-pass").get(BASE + path).then().statusCode(403).contentType("application/problem+json");
            given().get(BASE + path).then().statusCode(401).contentType("application/problem+json");
            as(chain.adminEmail(), "wrong-password").get(BASE + path).then().statusCode(401);
        }
    }

    @Test
    void auditLogListsTheChainsChangesNewestFirst() {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Chain other = fixtures.chain();
        as(other).body(Map.of("name", "Other's")).post(BASE + "/franchisees").then().statusCode(201);
        int franchisee = as(chain).body(Map.of("name", "Yug")).post(BASE + "/franchisees").then().statusCode(201)
                .extract().path("id");
        int store = as(chain).body(Map.of("code", "0042", "name", "Tverskaya", "timezone", "Europe/Moscow"))
                .post(BASE + "/stores").then().statusCode(201).extract().path("id");

        as(chain).get(BASE + "/audit").then().statusCode(200)
                .body("entity", contains("store", "franchisee"))
                .body("action", contains("create", "create"))
                .body("entity_id", contains(String.valueOf(store), String.valueOf(franchisee)))
                .body("[0].before", nullValue())
                .body("[0].after.code", equalTo("0042"))
                .body("[0].user_email", equalTo(chain.adminEmail()))
                .body("[0].at", notNullValue());
        as(chain).queryParam("limit", 1).get(BASE + "/audit").then().statusCode(200).body("entity", contains("store"));
        as(chain).queryParam("limit", 0).get(BASE + "/audit").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", contains("limit"));
    }

    @Test
    void openApiDocumentsEveryAdminEndpoint() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/api/admin/v1/franchisees"))
                .body("paths", hasKey("/api/admin/v1/stores"))
                .body("paths", hasKey("/api/admin/v1/stores/{id}"))
                .body("paths", hasKey("/api/admin/v1/stores/{storeId}/terminals"))
                .body("paths", hasKey("/api/admin/v1/terminals/{id}"))
                .body("paths", hasKey("/api/admin/v1/users"))
                .body("paths", hasKey("/api/admin/v1/customers"))
                .body("paths", hasKey("/api/admin/v1/customers/{id}"))
                .body("paths", hasKey("/api/admin/v1/customers/{id}/ledger"))
                .body("paths", hasKey("/api/admin/v1/customers/{id}/adjustments"))
                .body("paths", hasKey("/api/admin/v1/program"))
                .body("paths", hasKey("/api/admin/v1/program/versions"))
                .body("paths", hasKey("/api/admin/v1/ledger/audit"))
                .body("paths", hasKey("/api/admin/v1/audit"))
                .body("paths.'/api/admin/v1/stores'.post.summary", equalTo("Create a store"))
                .body("paths.'/api/admin/v1/stores'.post.responses", hasKey("409"))
                .body("paths.'/api/admin/v1/stores'.post.responses", hasKey("401"))
                .body("paths.'/api/admin/v1/stores'.post.responses.'409'.content.'application/problem+json'.schema.'$ref'",
                        equalTo("#/components/schemas/Problem"))
                .body("components.securitySchemes", hasKey("staff-basic"));
    }
}
