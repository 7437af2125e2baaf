package io.kopilka.reports;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/** How report rows are grouped in time; weeks start on Monday. */
public enum Granularity {
    day, week, month;

    /** The default: days for up to 62 days, months beyond. */
    static Granularity defaultFor(LocalDate from, LocalDate to) {
        return ChronoUnit.DAYS.between(from, to) + 1 <= 62 ? day : month;
    }

    LocalDate start(LocalDate d) {
        return switch (this) {
            case day -> d;
            case week -> d.minusDays(d.getDayOfWeek().getValue() - 1L);
            case month -> d.with(TemporalAdjusters.firstDayOfMonth());
        };
    }

    LocalDate next(LocalDate periodStart) {
        return switch (this) {
            case day -> periodStart.plusDays(1);
            case week -> periodStart.plusWeeks(1);
            case month -> periodStart.plusMonths(1);
        };
    }
}
