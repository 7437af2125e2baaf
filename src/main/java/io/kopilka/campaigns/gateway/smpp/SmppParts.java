package io.kopilka.campaigns.gateway.smpp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.kopilka.campaigns.gateway.SmsEncoding;

/**
 * A text as the short_message bodies of its submit_sm PDUs. Data coding 0 carries GSM-7 as unpacked septets,
 * 8 carries UCS-2 (UTF-16BE). A long text goes as concatenated parts, each starting with a user data header
 * (esm_class UDHI): IEI 0x00, length 3, reference, total, sequence. The header's 6 bytes are why a part holds
 * 153 septets or 67 units, the figures the cost preview uses. UDH rather than SAR TLVs: the handset reassembles
 * from the header, which every SMSC passes through, while SAR TLVs depend on the SMSC converting them.
 */
record SmppParts(boolean gsm7, List<byte[]> bodies) {

    static final byte DATA_CODING_GSM7 = 0x00;
    static final byte DATA_CODING_UCS2 = 0x08;

    static SmppParts of(String text, int reference) {
        boolean gsm = SmsEncoding.isGsm7(text);
        List<String> texts = SmsEncoding.split(text);
        List<byte[]> bodies = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            byte[] body = gsm ? SmsEncoding.gsm7Bytes(texts.get(i)) : texts.get(i).getBytes(StandardCharsets.UTF_16BE);
            if (texts.size() == 1) {
                bodies.add(body);
                continue;
            }
            byte[] withHeader = new byte[6 + body.length];
            withHeader[0] = 0x05;
            withHeader[1] = 0x00;
            withHeader[2] = 0x03;
            withHeader[3] = (byte) reference;
            withHeader[4] = (byte) texts.size();
            withHeader[5] = (byte) (i + 1);
            System.arraycopy(body, 0, withHeader, 6, body.length);
            bodies.add(withHeader);
        }
        return new SmppParts(gsm, List.copyOf(bodies));
    }

    byte dataCoding() {
        return gsm7 ? DATA_CODING_GSM7 : DATA_CODING_UCS2;
    }

    boolean concatenated() {
        return bodies.size() > 1;
    }

    /** The text of an inbound short message (a reply), whatever its data coding; a UDH, if any, is skipped. */
    static String text(byte[] body, byte dataCoding, boolean udhi) {
        byte[] data = body == null ? new byte[0] : body;
        int from = udhi && data.length > 0 ? (data[0] & 0xFF) + 1 : 0;
        byte[] payload = java.util.Arrays.copyOfRange(data, Math.min(from, data.length), data.length);
        return switch (dataCoding & 0x0F) {
            case DATA_CODING_UCS2 -> new String(payload, StandardCharsets.UTF_16BE);
            case 0x03 -> new String(payload, StandardCharsets.ISO_8859_1);
            default -> SmsEncoding.gsm7Text(payload);
        };
    }
}
