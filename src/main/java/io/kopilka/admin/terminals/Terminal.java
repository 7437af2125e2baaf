package io.kopilka.admin.terminals;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A cash register of one store. Only the SHA-256 of its key is kept; the key itself is shown once. */
@Entity
@Table(name = "terminals")
public class Terminal extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "chain_id", nullable = false, updatable = false)
    public long chainId;

    @Column(name = "store_id", nullable = false, updatable = false)
    public long storeId;

    @Column(name = "name", nullable = false)
    public String name;

    @Column(name = "key_hash", nullable = false, updatable = false)
    public byte[] keyHash;

    @Column(name = "key_prefix", nullable = false, updatable = false)
    public String keyPrefix;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;
}
