package io.kopilka.campaigns;

/** The two lines of the opt-out page, in the language of the message. */
final class OptOutPage {

    record Text(String question, String button, String done) {
    }

    private OptOutPage() {
    }

    static Text text(String language) {
        return switch (language == null ? "ru" : language) {
            case "en" -> new Text("Stop receiving our SMS offers?", "Unsubscribe", "Done: we will not send you offers by SMS any more.");
            case "uk" -> new Text("Більше не отримувати наші SMS?", "Відписатися", "Готово: ми більше не надсилатимемо вам SMS з пропозиціями.");
            case "bg" -> new Text("Да спрем ли SMS съобщенията с оферти?", "Отписване", "Готово: няма да ви изпращаме повече SMS с оферти.");
            default -> new Text("Больше не получать наши SMS?", "Отписаться", "Готово: мы больше не будем присылать вам SMS с предложениями.");
        };
    }

    static String html(String language, String message, String form) {
        return "<!doctype html><html lang=\"" + language + "\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>SMS</title>"
                + "<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}"
                + "button{font-size:1.1rem;padding:.6rem 1.4rem}</style></head><body><p>" + message + "</p>" + form
                + "</body></html>";
    }
}
