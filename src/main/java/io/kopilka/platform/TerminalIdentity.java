package io.kopilka.platform;

import java.time.ZoneId;

/** The cash register that called: every POS request acts for exactly this store of this chain. */
public record TerminalIdentity(long chainId, long terminalId, long storeId, String storeCode, ZoneId storeZone,
        String phoneRegion) {
}
