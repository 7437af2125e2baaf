package io.kopilka.admin.customers;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kopilka.platform.Sql;

/**
 * Erasure reaches the audit trail too: earlier records about the customer keep who did what and when, but its
 * personal values (under these keys, at any depth) become {@value #MASK}.
 */
@ApplicationScoped
class PersonalDataInAudit {

    static final String MASK = "***";

    private static final Set<String> PERSONAL = Set.of("phone", "card", "name", "birth_date", "phone_masked",
            "old_phone", "new_phone", "old_card", "new_card");

    @Inject
    ObjectMapper json;

    /** Masks every audit record about these customers; returns how many were changed. */
    int mask(Connection c, long chainId, List<Long> customerIds) throws SQLException {
        int changed = 0;
        for (long id : customerIds) {
            List<String[]> records = Sql.rows(c, rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)},
                    "SELECT id, before::text, after::text FROM audit_log WHERE chain_id = ? AND entity = 'customer' AND entity_id = ?",
                    chainId, Long.toString(id));
            for (String[] r : records) {
                changed += Sql.update(c, "UPDATE audit_log SET before = ?::jsonb, after = ?::jsonb WHERE chain_id = ? AND id = ?",
                        masked(r[1]), masked(r[2]), chainId, Long.parseLong(r[0]));
            }
        }
        return changed;
    }

    /** The same value with personal fields masked, for a record written now. */
    Object masked(Object value) {
        JsonNode node = json.valueToTree(value);
        maskTree(node);
        return node;
    }

    private String masked(String text) {
        if (text == null) {
            return null;
        }
        try {
            JsonNode node = json.readTree(text);
            maskTree(node);
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An audit record is not JSON", e);
        }
    }

    private static void maskTree(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                if (PERSONAL.contains(field.getKey()) && !field.getValue().isNull() && !field.getValue().isContainerNode()) {
                    field.setValue(object.textNode(MASK));
                } else {
                    maskTree(field.getValue());
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(PersonalDataInAudit::maskTree);
        }
    }
}
