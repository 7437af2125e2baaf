package io.kopilka.rules;

import java.time.LocalDate;
import java.time.MonthDay;
import java.time.temporal.ChronoUnit;

/** Whether a day is within ±N days of a birthday; 29 February is celebrated on 28 February in other years. */
public final class BirthdayWindow {

    private BirthdayWindow() {
    }

    public static boolean contains(LocalDate birthDate, LocalDate today, int windowDays) {
        if (birthDate == null || today == null) {
            return false;
        }
        for (int year = today.getYear() - 1; year <= today.getYear() + 1; year++) {
            LocalDate birthday = occurrence(birthDate, year);
            if (Math.abs(ChronoUnit.DAYS.between(birthday, today)) <= windowDays) {
                return true;
            }
        }
        return false;
    }

    static LocalDate occurrence(LocalDate birthDate, int year) {
        MonthDay md = MonthDay.from(birthDate);
        return md.isValidYear(year) ? md.atYear(year) : LocalDate.of(year, 2, 28);
    }
}
