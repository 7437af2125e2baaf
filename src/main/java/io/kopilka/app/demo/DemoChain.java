package io.kopilka.app.demo;

import java.util.List;

import io.kopilka.platform.TerminalIdentity;

/** What the demo created and prints: the chain, its stores with their till keys, and the users. */
public record DemoChain(long chainId, List<Store> stores, List<User> users) {

    public record Store(String code, String name, String timezone, String franchisee, TerminalIdentity till,
            String terminalKey, double shareOfCustomers) {
    }

    public record User(String email, String password, String role, String franchisee) {
    }
}
