package io.kopilka.platform.webhooks;

/** What a receiver answered: its status and the first bytes of its body (as text, for head office to read). */
record ReceiverAnswer(int status, String excerpt) {

    boolean accepted() {
        return status >= 200 && status < 300;
    }

    boolean gone() {
        return status == 410;
    }
}
