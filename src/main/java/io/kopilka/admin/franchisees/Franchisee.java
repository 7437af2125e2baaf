package io.kopilka.admin.franchisees;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A company that runs some of the chain's stores under the chain's brand. */
@Entity
@Table(name = "franchisees")
public class Franchisee extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "chain_id", nullable = false, updatable = false)
    public long chainId;

    @Column(name = "name", nullable = false)
    public String name;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    public static Franchisee ofChain(long chainId, long id) {
        return find("chainId = ?1 and id = ?2", chainId, id).firstResult();
    }

    public static boolean existsInChain(long chainId, long id) {
        return count("chainId = ?1 and id = ?2", chainId, id) > 0;
    }

    public static List<Franchisee> listOfChain(long chainId) {
        return list("chainId = ?1 order by id", chainId);
    }
}
