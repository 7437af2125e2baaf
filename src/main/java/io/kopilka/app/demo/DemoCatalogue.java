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
            new Product("4607001000011", "Milk 3.2% 1l", "dairy", 8990, false),
            new Product("4607001000028", "Kefir 1% 0.9l", "dairy", 7490, false),
            new Product("4607001000035", "Cottage cheese 5% 200g", "dairy", 12990, false),
            new Product("4607001000042", "Yoghurt strawberry 125g", "dairy", 5990, false),
            new Product("4607001000059", "Butter 82% 180g", "dairy", 18990, false),
            new Product("2100000000013", "Cheese Rossiysky", "dairy", 89900, true),
            new Product("4607002000010", "Rye bread 500g", "bakery", 4990, false),
            new Product("4607002000027", "Baguette", "bakery", 6990, false),
            new Product("4607002000034", "Croissant", "bakery", 8990, false),
            new Product("2100000000020", "Apples Golden", "produce", 14990, true),
            new Product("2100000000037", "Bananas", "produce", 12990, true),
            new Product("2100000000044", "Tomatoes", "produce", 24990, true),
            new Product("2100000000051", "Potatoes", "produce", 4990, true),
            new Product("2100000000068", "Cucumbers", "produce", 19990, true),
            new Product("2100000000075", "Chicken fillet", "meat", 42990, true),
            new Product("2100000000082", "Minced beef", "meat", 54990, true),
            new Product("4607003000019", "Sausages 450g", "meat", 34990, false),
            new Product("4607004000018", "Buckwheat 900g", "grocery", 8990, false),
            new Product("4607004000025", "Pasta 450g", "grocery", 7990, false),
            new Product("4607004000032", "Rice 900g", "grocery", 10990, false),
            new Product("4607004000049", "Sunflower oil 1l", "grocery", 15990, false),
            new Product("4607004000056", "Sugar 1kg", "grocery", 7990, false),
            new Product("4607004000063", "Black tea 100 bags", "grocery", 19990, false),
            new Product("4607004000070", "Coffee beans 1kg", "grocery", 159990, false),
            new Product("4607005000017", "Still water 1.5l", "drinks", 3990, false),
            new Product("4607005000024", "Apple juice 1l", "drinks", 14990, false),
            new Product("4607005000031", "Lemonade 2l", "drinks", 9990, false),
            new Product("4607006000016", "Laundry detergent 3kg", "household", 79990, false),
            new Product("4607006000023", "Paper towels x2", "household", 19990, false),
            new Product("4607006000030", "Dish soap 500ml", "household", 15990, false),
            new Product("4607007000015", "Cigarettes", "tobacco", 25000, false),
            new Product("4607008000014", "Beer 0.5l", "alcohol", 11990, false),
            new Product("4607008000021", "Red wine 0.75l", "alcohol", 79990, false));

    static final List<String> FIRST_NAMES = List.of("Anna", "Maria", "Elena", "Olga", "Natalia", "Irina", "Svetlana",
            "Tatiana", "Yulia", "Ekaterina", "Daria", "Alexei", "Dmitry", "Sergei", "Andrei", "Ivan", "Mikhail",
            "Nikolai", "Pavel", "Artem", "Vladimir", "Kirill");

    static final List<String> LAST_INITIALS = List.of("A.", "B.", "V.", "G.", "D.", "E.", "Z.", "I.", "K.", "L.", "M.",
            "N.", "O.", "P.", "R.", "S.", "T.", "F.", "Ch.", "Sh.");

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
