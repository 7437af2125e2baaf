package io.kopilka.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.kopilka.rules.Programme.Multiplier;
import io.kopilka.rules.ReceiptInput.Occasion;

/** Programme validation and multipliers: pure, table-driven (the birthday window: BirthdayWindowTest). */
class ProgrammeRulesUnitTest {

    private static final OffsetDateTime FROM = OffsetDateTime.parse("2026-01-01T00:00:00+03:00");
    // Saturday 2026-11-21, 11:30 store time
    private static final Occasion SATURDAY_MORNING = new Occasion("0042", LocalDateTime.parse("2026-11-21T11:30"), false);

    private static Programme with(List<Multiplier> multipliers, Programme.Birthday birthday) {
        Programme d = Programme.defaults(FROM);
        return new Programme(1, FROM, 100, d.earnMode(), d.earnOn(), 30, 0, 14, 365, 15, d.tiers(), List.of(),
                multipliers, 0, birthday, null, true);
    }

    private static Multiplier m(String category, int factor, List<Integer> weekdays, String hours, List<String> stores,
            String from, String to) {
        return new Multiplier(category, BigDecimal.valueOf(factor), from == null ? null : OffsetDateTime.parse(from),
                to == null ? null : OffsetDateTime.parse(to), weekdays, hours, stores);
    }

    static Stream<Arguments> multipliers() {
        return Stream.of(
                Arguments.of("category matches", m("new", 2, null, null, null, null, null), "new", 2),
                Arguments.of("other category", m("new", 2, null, null, null, null, null), "food", 1),
                Arguments.of("any category", m(null, 3, null, null, null, null, null), "food", 3),
                Arguments.of("weekend", m("new", 2, List.of(6, 7), null, null, null, null), "new", 2),
                Arguments.of("weekdays only", m("new", 2, List.of(1, 2, 3, 4, 5), null, null, null, null), "new", 1),
                Arguments.of("in hours", m("new", 2, null, "10:00-14:00", null, null, null), "new", 2),
                Arguments.of("before hours", m("new", 2, null, "12:00-14:00", null, null, null), "new", 1),
                Arguments.of("end of hours excluded", m("new", 2, null, "09:00-11:30", null, null, null), "new", 1),
                Arguments.of("this store", m("new", 2, null, null, List.of("0042"), null, null), "new", 2),
                Arguments.of("other store", m("new", 2, null, null, List.of("0001"), null, null), "new", 1),
                Arguments.of("within dates", m("new", 2, null, null, null, "2026-11-01T00:00:00+03:00", "2026-12-01T00:00:00+03:00"), "new", 2),
                Arguments.of("after dates", m("new", 2, null, null, null, "2026-10-01T00:00:00+03:00", "2026-11-21T11:00:00+03:00"), "new", 1),
                Arguments.of("before dates", m("new", 2, null, null, null, "2026-11-22T00:00:00+03:00", null), "new", 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("multipliers")
    void multiplierApplies(String name, Multiplier multiplier, String category, int expected) {
        EarnMultipliers.Factor f = EarnMultipliers.forLine(with(List.of(multiplier), null), category, SATURDAY_MORNING);
        assertEquals(0, BigDecimal.valueOf(expected).compareTo(f.value()), name);
    }

    @Test
    void theHighestFactorWinsAndTheBirthdayCountsAsOne() {
        Programme p = with(List.of(m("new", 2, null, null, null, null, null), m(null, 3, List.of(6), null, null, null, null)),
                new Programme.Birthday(null, BigDecimal.valueOf(2), 3));
        assertEquals(0, BigDecimal.valueOf(3).compareTo(EarnMultipliers.forLine(p, "new", SATURDAY_MORNING).value()));
        Occasion birthday = new Occasion("0042", LocalDateTime.parse("2026-11-23T11:30"), true); // Monday
        EarnMultipliers.Factor f = EarnMultipliers.forLine(p, "new", birthday);
        assertEquals(0, BigDecimal.valueOf(2).compareTo(f.value()));
        assertEquals("multiplier:new", f.rule());
        EarnMultipliers.Factor food = EarnMultipliers.forLine(p, "food", birthday);
        assertEquals("birthday", food.rule());
    }

    @Test
    void theDefaultProgrammeIsValid() {
        assertTrue(ProgrammeValidator.check(Programme.defaults(FROM)).isEmpty());
    }

    static Stream<Arguments> impossible() {
        Programme d = Programme.defaults(FROM);
        Programme.Tier base = d.tiers().get(0);
        return Stream.of(
                Arguments.of(new Programme(1, FROM, 0, d.earnMode(), d.earnOn(), 30, 0, 14, 365, 15, d.tiers(), List.of(), List.of(), 0, null, null, true), "point_value_minor"),
                Arguments.of(new Programme(1, FROM, 100, d.earnMode(), d.earnOn(), 101, 0, 14, 365, 15, d.tiers(), List.of(), List.of(), 0, null, null, true), "max_redeem_share_pct"),
                Arguments.of(new Programme(1, FROM, 100, d.earnMode(), d.earnOn(), 30, 0, 14, 0, 15, d.tiers(), List.of(), List.of(), 0, null, null, true), "expiry_days"),
                Arguments.of(new Programme(1, FROM, 100, d.earnMode(), d.earnOn(), 30, 0, 14, 365, 15,
                        List.of(base, new Programme.Tier("silver", "Silver", 0, BigDecimal.TEN)), List.of(), List.of(), 0, null, null, true), "tiers[1].min_spend_minor"),
                Arguments.of(new Programme(1, FROM, 100, d.earnMode(), d.earnOn(), 30, 0, 14, 365, 15,
                        List.of(new Programme.Tier("silver", "Silver", 100, BigDecimal.TEN)), List.of(), List.of(), 0, null, null, true), "tiers"),
                Arguments.of(new Programme(1, FROM, 100, d.earnMode(), d.earnOn(), 30, 0, 14, 365, 15,
                        List.of(base, new Programme.Tier("base", "Again", 100, BigDecimal.TEN)), List.of(), List.of(), 0, null, null, true), "tiers[1].code"),
                Arguments.of(new Programme(1, FROM, 100, d.earnMode(), d.earnOn(), 30, 0, 14, 365, 15,
                        List.of(new Programme.Tier("base", "Base", 0, BigDecimal.valueOf(120))), List.of(), List.of(), 0, null, null, true), "tiers[0].rate_pct"),
                Arguments.of(new Programme(1, FROM, 100, d.earnMode(), d.earnOn(), 30, 0, 14, 365, 15, d.tiers(),
                        List.of(new Programme.CategoryRule("tobacco", false, false, 100), new Programme.CategoryRule("Tobacco", false, null, null)),
                        List.of(), 0, null, null, true), "categories[1].category"),
                Arguments.of(new Programme(1, FROM, 100, d.earnMode(), d.earnOn(), 30, 0, 14, 365, 15, d.tiers(), List.of(),
                        List.of(m("new", 2, List.of(8), null, null, null, null)), 0, null, null, true), "multipliers[0].weekdays"),
                Arguments.of(new Programme(1, FROM, 100, d.earnMode(), d.earnOn(), 30, 0, 14, 365, 15, d.tiers(), List.of(),
                        List.of(m("new", 2, null, null, null, "2026-12-01T00:00:00+03:00", "2026-11-01T00:00:00+03:00")), 0, null, null, true), "multipliers[0].to"),
                Arguments.of(new Programme(1, FROM, 100, d.earnMode(), d.earnOn(), 30, 0, 14, 365, 15, d.tiers(), List.of(), List.of(), 0,
                        new Programme.Birthday(100L, BigDecimal.valueOf(20), 3), null, true), "birthday.multiplier"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("impossible")
    void impossibleSettingsAreNamed(Programme p, String field) {
        assertTrue(ProgrammeValidator.check(p).stream().anyMatch(v -> v.field().equals(field)),
                () -> field + " not reported in " + ProgrammeValidator.check(p));
    }

    @Test
    void hoursMustBeAnIncreasingRange() {
        assertTrue(ProgrammeValidator.validHours("10:00-14:00"));
        assertTrue(ProgrammeValidator.validHours("18:00-24:00"));
        assertFalse(ProgrammeValidator.validHours("14:00-10:00"));
        assertFalse(ProgrammeValidator.validHours("25:00-26:00"));
        assertFalse(ProgrammeValidator.validHours("10-14"));
    }
}
