package io.kopilka.admin.stores;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.kopilka.platform.StaffIdentity;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A store of the chain; run by head office or by one franchisee. */
@Entity
@Table(name = "stores")
public class Store extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "chain_id", nullable = false, updatable = false)
    public long chainId;

    @Column(name = "code", nullable = false)
    public String code;

    @Column(name = "name", nullable = false)
    public String name;

    @Column(name = "timezone", nullable = false)
    public String timezone;

    @Column(name = "franchisee_id")
    public Long franchiseeId;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    /** The store if the user may see it: any store of the chain for head office, its own for a franchisee. */
    public static Store visibleTo(StaffIdentity who, long id) {
        if (who.isHeadOffice()) {
            return find("chainId = ?1 and id = ?2", who.chainId(), id).firstResult();
        }
        return find("chainId = ?1 and id = ?2 and franchiseeId = ?3", who.chainId(), id, who.franchiseeId())
                .firstResult();
    }

    public static List<Store> listVisibleTo(StaffIdentity who) {
        if (who.isHeadOffice()) {
            return list("chainId = ?1 order by code", who.chainId());
        }
        return list("chainId = ?1 and franchiseeId = ?2 order by code", who.chainId(), who.franchiseeId());
    }

    public static boolean codeTaken(long chainId, String code) {
        return count("chainId = ?1 and code = ?2", chainId, code) > 0;
    }
}
