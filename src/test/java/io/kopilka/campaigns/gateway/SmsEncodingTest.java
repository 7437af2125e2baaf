package io.kopilka.campaigns.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Counts worked out by hand from GSM 03.38 and the 153/67 room of a concatenated part. */
class SmsEncodingTest {

    @Test
    void theWholeDefaultAlphabetAndTheExtensionTableAreGsm7() {
        String basic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
                + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
        assertEquals(127, basic.length(), "128 codes less the escape");
        assertTrue(SmsEncoding.isGsm7(basic));
        assertEquals(127, SmsEncoding.septets(basic));
        assertTrue(SmsEncoding.isGsm7("\f^{}\\[~]|€"));
        assertEquals(20, SmsEncoding.septets("\f^{}\\[~]|€"), "extension characters take two septets");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "`; backtick is not in GSM 03.38",
            "ç; only the capital Ç is",
            "Привет; Cyrillic",
            "a\u00A0b; no-break space",
            "hi 😀; emoji",
            "Ё; Cyrillic capital" })
    void textsWithACharacterOutsideGsm7AreUcs2(String text, String why) {
        assertFalse(SmsEncoding.isGsm7(text), why);
    }

    @ParameterizedTest(name = "{0} × ''{1}'' → {2} parts")
    @CsvSource({
            "0, a, 1", "1, a, 1", "160, a, 1", "161, a, 2", "306, a, 2", "307, a, 3", "459, a, 3", "460, a, 4",
            "80, €, 1", "81, €, 2", "152, €, 2", "153, €, 3",
            "70, я, 1", "71, я, 2", "134, я, 2", "135, я, 3",
            "35, 😀, 1", "36, 😀, 2" })
    void partsOfRepeatedCharacters(int n, String ch, int parts) {
        assertEquals(parts, SmsEncoding.parts(ch.repeat(n)));
        assertEquals(parts, SmsEncoding.split(ch.repeat(n)).size());
    }

    @Test
    void anExtensionCharacterIsNeverSplitFromItsEscape() {
        // 152 + 2 + 10 = 164 septets: the euro would take septets 153 and 154, so it opens the second part
        String text = "a".repeat(152) + "€" + "b".repeat(10);
        List<String> parts = SmsEncoding.split(text);
        assertEquals(List.of("a".repeat(152), "€" + "b".repeat(10)), parts);
        assertEquals(2, SmsEncoding.parts(text));
    }

    @Test
    void extensionCharactersAtEveryBoundaryCanCostAnExtraPart() {
        // 2 × 153 = 306 septets of room, but 153 € (306 septets) fit only 76 per part: 76 + 76 + 1
        assertEquals(List.of(76, 76, 1), SmsEncoding.split("€".repeat(153)).stream().map(String::length).toList());
    }

    @Test
    void aSurrogatePairIsNeverSplitAcrossParts() {
        // 66 units, then an emoji of 2 units that would straddle unit 67/68: it opens the second part
        String text = "я".repeat(66) + "😀" + "я".repeat(3);
        assertEquals(71, text.length());
        List<String> parts = SmsEncoding.split(text);
        assertEquals(List.of("я".repeat(66), "😀" + "я".repeat(3)), parts);
        assertEquals(2, SmsEncoding.parts(text));
    }

    @Test
    void aRealBirthdayGreetingInRussian() {
        String text = "Анна, с днём рождения! Дарим вам 300 бонусов. Ждём вас в Store S-1!";
        assertEquals(67, text.length());
        assertEquals(1, SmsEncoding.parts(text));
        String withLink = text + " Отписаться: https://kopilka.example/u/12.345.AbCdEfGh";
        assertEquals(121, withLink.length());
        assertEquals(2, SmsEncoding.parts(withLink));
        assertEquals(List.of(67, 54), SmsEncoding.split(withLink).stream().map(String::length).toList());
    }

    @Test
    void partsJoinBackToTheText() {
        String text = "Hello {world} ".repeat(30) + "€[]";
        assertEquals(text, String.join("", SmsEncoding.split(text)));
        assertTrue(SmsEncoding.split(text).stream().allMatch(p -> SmsEncoding.septets(p) <= SmsEncoding.GSM7_PART));
    }

    @Test
    void gsm7BytesAreUnpackedSeptetsWithEscapedExtensionCharacters() {
        assertArrayEquals(new byte[] { 0x00, 0x41, 0x1B, 0x65, 0x24, 0x02, 0x0A }, SmsEncoding.gsm7Bytes("@A€¤$\n"));
        assertEquals("@A€¤$\n", SmsEncoding.gsm7Text(SmsEncoding.gsm7Bytes("@A€¤$\n")));
        assertEquals("STOP", SmsEncoding.gsm7Text("STOP".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }
}
