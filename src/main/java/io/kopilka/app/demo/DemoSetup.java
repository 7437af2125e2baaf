package io.kopilka.app.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.admin.ChainSetup;
import io.kopilka.rules.Programme;
import io.kopilka.platform.Secrets;
import io.kopilka.platform.Sql;
import io.kopilka.platform.TerminalIdentity;

/**
 * The demo chain's configuration: three stores in two time zones, two franchisees and head office,
 * a till per store, and users, all with known demo credentials. One transaction of the caller.
 */
@ApplicationScoped
public class DemoSetup {

    /** The demo chain is Russian: its names are in its language, as a real chain's would be. */
    static final String CHAIN_NAME = "Копилка Демо Маркет";
    static final String CURRENCY = "RUB";
    static final String BASE_TIER_NAME = "Базовый";
    static final String REGION = "RU";
    static final String ADMIN_EMAIL = "admin@demo.kopilka.io";
    static final String PASSWORD = "demo-password";

    private record StoreSpec(String code, String name, String timezone, String franchisee, double share) {
    }

    private static final List<StoreSpec> STORES = List.of(
            new StoreSpec("0001", "Москва, Тверская 12", "Europe/Moscow", null, 0.45),
            new StoreSpec("0002", "Москва, Митино", "Europe/Moscow", "ООО «Север Трейд»", 0.30),
            new StoreSpec("0101", "Екатеринбург, Ленина 40", "Asia/Yekaterinburg", "ООО «Урал Ритейл»", 0.25));

    private static final Map<String, String> FRANCHISEE_USERS = Map.of(
            "ООО «Север Трейд»", "sever@demo.kopilka.io",
            "ООО «Урал Ритейл»", "ural@demo.kopilka.io");

    @Inject
    ChainSetup chains;

    /** Terminal keys of the demo are known (printed, and used by the README); real keys are random. */
    static String terminalKey(String storeCode) {
        return "kpk_demo_store_" + storeCode + "_till_1";
    }

    public DemoChain create(Connection c, OffsetDateTime historyStart) throws SQLException {
        Programme defaults = Programme.defaults(historyStart);
        List<Programme.Tier> tiers = defaults.tiers().stream()
                .map(t -> new Programme.Tier(t.code(), BASE_TIER_NAME, t.minSpendMinor(), t.ratePct())).toList();
        long chainId = chains.createChain(c, CHAIN_NAME, CURRENCY, REGION, defaults.withTiers(tiers));
        List<DemoChain.User> users = new ArrayList<>();
        chains.createUser(c, chainId, ADMIN_EMAIL, PASSWORD, "head_office", null);
        users.add(new DemoChain.User(ADMIN_EMAIL, PASSWORD, "head_office", null));

        Map<String, Long> franchisees = new LinkedHashMap<>();
        for (String name : List.of("ООО «Север Трейд»", "ООО «Урал Ритейл»")) {
            long id = Sql.insertReturningId(c,
                    "INSERT INTO franchisees (chain_id, name, created_at) VALUES (?, ?, ?) RETURNING id",
                    chainId, name, historyStart);
            franchisees.put(name, id);
            String email = FRANCHISEE_USERS.get(name);
            chains.createUser(c, chainId, email, PASSWORD, "franchisee", id);
            users.add(new DemoChain.User(email, PASSWORD, "franchisee", name));
        }

        List<DemoChain.Store> stores = new ArrayList<>();
        for (StoreSpec s : STORES) {
            Long franchiseeId = s.franchisee() == null ? null : franchisees.get(s.franchisee());
            long storeId = Sql.insertReturningId(c, """
                    INSERT INTO stores (chain_id, code, name, timezone, franchisee_id, created_at)
                    VALUES (?, ?, ?, ?, ?, ?) RETURNING id""", chainId, s.code(), s.name(), s.timezone(), franchiseeId,
                    historyStart);
            String key = terminalKey(s.code());
            long terminalId = Sql.insertReturningId(c, """
                    INSERT INTO terminals (chain_id, store_id, name, key_hash, key_prefix, created_at)
                    VALUES (?, ?, ?, ?, ?, ?) RETURNING id""", chainId, storeId, "Till 1", Secrets.sha256(key),
                    key.substring(0, 8), historyStart);
            TerminalIdentity till = new TerminalIdentity(chainId, terminalId, storeId, s.code(), ZoneId.of(s.timezone()),
                    REGION);
            stores.add(new DemoChain.Store(s.code(), s.name(), s.timezone(), s.franchisee(), till, key, s.share()));
        }
        return new DemoChain(chainId, List.copyOf(stores), List.copyOf(users));
    }

    /** The demo chain of an earlier start, or null when the database holds some other chain. */
    public DemoChain find(Connection c) throws SQLException {
        Long chainId = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT chain_id FROM users WHERE lower(email) = lower(?)")) {
            ps.setString(1, ADMIN_EMAIL);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    chainId = rs.getLong(1);
                }
            }
        }
        if (chainId == null) {
            return null;
        }
        List<DemoChain.Store> stores = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT s.code, s.name, s.timezone, f.name, t.id, s.id
                  FROM stores s
                  LEFT JOIN franchisees f ON f.chain_id = s.chain_id AND f.id = s.franchisee_id
                  JOIN terminals t ON t.chain_id = s.chain_id AND t.store_id = s.id AND t.name = 'Till 1'
                 WHERE s.chain_id = ? ORDER BY s.code""")) {
            ps.setLong(1, chainId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TerminalIdentity till = new TerminalIdentity(chainId, rs.getLong(5), rs.getLong(6), rs.getString(1),
                            ZoneId.of(rs.getString(3)), REGION);
                    stores.add(new DemoChain.Store(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), till,
                            terminalKey(rs.getString(1)), 0));
                }
            }
        }
        List<DemoChain.User> users = new ArrayList<>();
        users.add(new DemoChain.User(ADMIN_EMAIL, PASSWORD, "head_office", null));
        FRANCHISEE_USERS.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> users.add(new DemoChain.User(e.getValue(), PASSWORD, "franchisee", e.getKey())));
        return new DemoChain(chainId, stores, users);
    }
}
