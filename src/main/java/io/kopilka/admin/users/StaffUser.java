package io.kopilka.admin.users;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A head-office or franchisee user. The password is kept only as a bcrypt hash. */
@Entity
@Table(name = "users")
public class StaffUser extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "chain_id", nullable = false, updatable = false)
    public long chainId;

    @Column(name = "email", nullable = false)
    public String email;

    @Column(name = "password_hash", nullable = false)
    public String passwordHash;

    @Column(name = "role", nullable = false)
    public String role;

    @Column(name = "franchisee_id")
    public Long franchiseeId;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "disabled_at")
    public Instant disabledAt;

    /** Emails are unique across all chains (login is by email alone), ignoring case. */
    public static boolean emailTaken(String email) {
        return count("lower(email) = lower(?1)", email) > 0;
    }
}
