package io.kopilka.campaigns.gateway;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How a text travels as SMS, which decides what it costs: GSM 03.38 (GSM-7) when every character is in the
 * default alphabet or its extension table (an extension character takes two septets: escape + code), else
 * UCS-2 (UTF-16; a character outside the basic plane, an emoji, takes two units). One part holds 160 septets
 * or 70 units; a longer text is sent in parts of 153 septets or 67 units, because each part carries a 6-byte
 * concatenation header. A part never splits an escape from its character or a surrogate pair, so the count
 * of parts is the count the gateway will bill.
 */
public final class SmsEncoding {

    public static final int GSM7_SINGLE = 160;
    public static final int GSM7_PART = 153;
    public static final int UCS2_SINGLE = 70;
    public static final int UCS2_PART = 67;

    /** The default alphabet in code order; 0x1B, the escape to the extension table, is not a character. */
    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    /** Extension table: character and its code after the escape. */
    private static final String EXTENSION = "\f^{}\\[~]|€";
    private static final int[] EXTENSION_CODES = { 0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65 };
    private static final int ESCAPE = 0x1B;

    /** char → septet code; 0x100 | code for the extension table; -1 when not GSM-7. */
    private static final short[] CODES = new short[Character.MAX_VALUE + 1];

    static {
        Arrays.fill(CODES, (short) -1);
        for (int code = 0; code < BASIC.length(); code++) {
            if (code != ESCAPE) {
                CODES[BASIC.charAt(code)] = (short) code;
            }
        }
        for (int i = 0; i < EXTENSION.length(); i++) {
            CODES[EXTENSION.charAt(i)] = (short) (0x100 | EXTENSION_CODES[i]);
        }
    }

    private SmsEncoding() {
    }

    public static boolean isGsm7(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (CODES[text.charAt(i)] < 0) {
                return false;
            }
        }
        return true;
    }

    /** Septets of a GSM-7 text (extension characters count two). */
    public static int septets(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            n += septets(text.charAt(i));
        }
        return n;
    }

    private static int septets(char ch) {
        return CODES[ch] > 0xFF ? 2 : 1;
    }

    public static int parts(String text) {
        if (isGsm7(text) ? septets(text) <= GSM7_SINGLE : text.length() <= UCS2_SINGLE) {
            return 1;
        }
        return split(text).size();
    }

    /** The texts of the parts, in order; one part when the text fits in a single SMS. */
    public static List<String> split(String text) {
        boolean gsm = isGsm7(text);
        if (gsm ? septets(text) <= GSM7_SINGLE : text.length() <= UCS2_SINGLE) {
            return List.of(text);
        }
        int room = gsm ? GSM7_PART : UCS2_PART;
        List<String> parts = new ArrayList<>();
        int start = 0;
        int used = 0;
        int i = 0;
        while (i < text.length()) {
            // a surrogate pair moves as one; in GSM-7 there are none, but an extension character costs two
            int units = Character.charCount(text.codePointAt(i));
            int cost = gsm ? septets(text.charAt(i)) : units;
            if (used + cost > room) {
                parts.add(text.substring(start, i));
                start = i;
                used = 0;
            }
            used += cost;
            i += units;
        }
        parts.add(text.substring(start));
        return List.copyOf(parts);
    }

    /** GSM-7 text as unpacked septets, one per octet (SMPP data_coding 0); extension characters are escaped. */
    public static byte[] gsm7Bytes(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            int code = CODES[text.charAt(i)];
            if (code < 0) {
                throw new IllegalArgumentException("not GSM-7: " + text.charAt(i));
            }
            if (code > 0xFF) {
                out.write(ESCAPE);
            }
            out.write(code & 0x7F);
        }
        return out.toByteArray();
    }

    /** The reverse of {@link #gsm7Bytes}: inbound GSM-7 short messages (an SMSC's STOP reply). */
    public static String gsm7Text(byte[] septets) {
        StringBuilder text = new StringBuilder(septets.length);
        for (int i = 0; i < septets.length; i++) {
            int code = septets[i] & 0x7F;
            if (code == ESCAPE && i + 1 < septets.length) {
                int ext = septets[++i] & 0x7F;
                int at = indexOf(EXTENSION_CODES, ext);
                text.append(at >= 0 ? EXTENSION.charAt(at) : ' ');
            } else {
                text.append(code == ESCAPE ? ' ' : BASIC.charAt(code));
            }
        }
        return text.toString();
    }

    private static int indexOf(int[] values, int value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
