package io.kopilka.checkout;

import java.math.BigDecimal;
import java.util.List;

/** A validated return of part of a receipt; {@code requestHash} makes retries safe. */
public record ReturnCommand(String returnNo, List<Line> lines, byte[] requestHash) {

    public record Line(int lineIndex, BigDecimal qty) {
    }
}
