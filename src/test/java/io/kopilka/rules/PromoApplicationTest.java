package io.kopilka.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.kopilka.rules.ReceiptInput.PromoKind;
import io.kopilka.rules.ReceiptInput.PromoOffer;

class PromoApplicationTest {

    private static PromoOffer percent(int p) {
        return new PromoOffer("P" + p, PromoKind.percent, BigDecimal.valueOf(p), 0, 0);
    }

    private static PromoOffer fixed(long amount) {
        return new PromoOffer("F" + amount, PromoKind.fixed, null, amount, 0);
    }

    private static PromoOffer points(long p) {
        return new PromoOffer("X" + p, PromoKind.points, null, 0, p);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("10% over two lines", List.of(percent(10)), new long[] {10000, 5000}, new boolean[] {true, true}, true,
                        new long[] {1000, 500}, 0L),
                Arguments.of("excluded line untouched", List.of(percent(10)), new long[] {10000, 5000}, new boolean[] {true, false}, true,
                        new long[] {1000, 0}, 0L),
                Arguments.of("fixed spread pro rata", List.of(fixed(1500)), new long[] {10000, 5000}, new boolean[] {true, true}, true,
                        new long[] {1000, 500}, 0L),
                Arguments.of("fixed above the room stops at it", List.of(fixed(99999)), new long[] {300, 200}, new boolean[] {true, true}, true,
                        new long[] {300, 200}, 0L),
                Arguments.of("rounding is exact", List.of(fixed(100)), new long[] {1, 1, 1}, new boolean[] {true, true, true}, true,
                        new long[] {1, 1, 1}, 0L),
                Arguments.of("two codes one after the other", List.of(percent(50), fixed(100)), new long[] {1000}, new boolean[] {true}, true,
                        new long[] {600}, 0L),
                Arguments.of("points for a known customer", List.of(points(50)), new long[] {1000}, new boolean[] {true}, true,
                        new long[] {0}, 50L),
                Arguments.of("no points for an anonymous one", List.of(points(50)), new long[] {1000}, new boolean[] {true}, false,
                        new long[] {0}, 0L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void applies(String name, List<PromoOffer> offers, long[] room, boolean[] eligible, boolean known, long[] discount,
            long extraPoints) {
        PromoApplication.Result r = PromoApplication.apply(offers, room, eligible, known);
        assertArrayEquals(discount, r.discount(), name);
        assertEquals(extraPoints, r.extraPoints(), name);
    }
}
