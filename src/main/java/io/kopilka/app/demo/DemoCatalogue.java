package io.kopilka.app.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Random;

import io.kopilka.checkout.ReceiptCommand;

/** What the demo's customers buy: a small grocery assortment with prices in kopecks. */
final class DemoCatalogue {

    /** {@code weighed}: the price is per kilogram and the quantity has three decimals. */
    record Product(String sku, String name, String category, long priceMinor, boolean weighed) {
    }

    static final List<Product> PRODUCTS = List.of(
            new Product("4607001000011", "Молоко 3,2% 1 л", "dairy", 8990, false),
            new Product("4607001000028", "Кефир 1% 0,9 л", "dairy", 7490, false),
            new Product("4607001000035", "Творог 5% 200 г", "dairy", 12990, false),
            new Product("4607001000042", "Йогурт клубничный 125 г", "dairy", 5990, false),
            new Product("4607001000059", "Масло сливочное 82% 180 г", "dairy", 18990, false),
            new Product("2100000000013", "Сыр Российский", "dairy", 89900, true),
            new Product("4607002000010", "Хлеб ржаной 500 г", "bakery", 4990, false),
            new Product("4607002000027", "Багет", "bakery", 6990, false),
            new Product("4607002000034", "Круассан", "bakery", 8990, false),
            new Product("2100000000020", "Яблоки Голден", "produce", 14990, true),
            new Product("2100000000037", "Бананы", "produce", 12990, true),
            new Product("2100000000044", "Помидоры", "produce", 24990, true),
            new Product("2100000000051", "Картофель", "produce", 4990, true),
            new Product("2100000000068", "Огурцы", "produce", 19990, true),
            new Product("2100000000075", "Филе куриное", "meat", 42990, true),
            new Product("2100000000082", "Фарш говяжий", "meat", 54990, true),
            new Product("4607003000019", "Сосиски 450 г", "meat", 34990, false),
            new Product("4607004000018", "Гречка 900 г", "grocery", 8990, false),
            new Product("4607004000025", "Макароны 450 г", "grocery", 7990, false),
            new Product("4607004000032", "Рис 900 г", "grocery", 10990, false),
            new Product("4607004000049", "Масло подсолнечное 1 л", "grocery", 15990, false),
            new Product("4607004000056", "Сахар 1 кг", "grocery", 7990, false),
            new Product("4607004000063", "Чай чёрный 100 пакетиков", "grocery", 19990, false),
            new Product("4607004000070", "Кофе в зёрнах 1 кг", "grocery", 159990, false),
            new Product("4607005000017", "Вода негазированная 1,5 л", "drinks", 3990, false),
            new Product("4607005000024", "Сок яблочный 1 л", "drinks", 14990, false),
            new Product("4607005000031", "Лимонад 2 л", "drinks", 9990, false),
            new Product("4607006000016", "Стиральный порошок 3 кг", "household", 79990, false),
            new Product("4607006000023", "Бумажные полотенца 2 шт.", "household", 19990, false),
            new Product("4607006000030", "Средство для посуды 500 мл", "household", 15990, false),
            new Product("4607007000015", "Сигареты", "tobacco", 25000, false),
            new Product("4607008000014", "Пиво 0,5 л", "alcohol", 11990, false),
            new Product("4607008000021", "Вино красное 0,75 л", "alcohol", 79990, false));

    static final List<String> FIRST_NAMES = List.of("Анна", "Мария", "Елена", "Ольга", "Наталья", "Ирина", "Светлана",
            "Татьяна", "Юлия", "Екатерина", "Дарья", "Алексей", "Дмитрий", "Сергей", "Андрей", "Иван", "Михаил",
            "Николай", "Павел", "Артём", "Владимир", "Кирилл");

    static final List<String> LAST_INITIALS = List.of("А.", "Б.", "В.", "Г.", "Д.", "Е.", "З.", "И.", "К.", "Л.", "М.",
            "Н.", "О.", "П.", "Р.", "С.", "Т.", "Ф.", "Ч.", "Ш.");

    private DemoCatalogue() {
    }

    /** One to about eight lines; weighed goods with grams, others one to three pieces. */
    static List<ReceiptCommand.Line> basket(Random rnd, double appetite) {
        int count = 1 + (int) Math.min(11, Math.floor(-Math.log(1 - rnd.nextDouble()) * 3.0 * appetite));
        ReceiptCommand.Line[] lines = new ReceiptCommand.Line[count];
        for (int i = 0; i < count; i++) {
            Product p = PRODUCTS.get(rnd.nextInt(PRODUCTS.size()));
            BigDecimal qty;
            if (p.weighed()) {
                qty = BigDecimal.valueOf(150 + rnd.nextInt(1500), 3);
            } else {
                qty = BigDecimal.valueOf(rnd.nextDouble() < 0.8 ? 1 : 2 + rnd.nextInt(2));
            }
            long amount = qty.multiply(BigDecimal.valueOf(p.priceMinor())).setScale(0, RoundingMode.HALF_UP).longValueExact();
            lines[i] = new ReceiptCommand.Line(p.sku(), p.name(), p.category(), qty, amount);
        }
        return List.of(lines);
    }
}
