package io.kopilka.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Selenium, with what the console tests need: sign in, open a page and
 * wait until its data has loaded, read what is visible, save a screenshot under target/screenshots/.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static final java.util.regex.Pattern UNFORMATTED = java.util.regex.Pattern.compile("\\b(undefined|null|NaN|false)\\b");

    final WebDriver driver;
    private final String base;

    private Browser(WebDriver driver, String base) {
        this.driver = driver;
        this.base = base;
    }

    /** Skips the test where the browser is not installed, except in CI, where that is a failure. */
    static void requireChromium() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && System.getenv("CI") != null) {
            Assertions.fail("CI is set but " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing: apt-get install chromium chromium-driver");
        }
        Assumptions.assumeTrue(present, "Browser test skipped: " + CHROMIUM + " and " + CHROMEDRIVER
                + " are not installed (apt-get install chromium chromium-driver)");
    }

    static Browser open(String base, String acceptLanguage) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-background-networking",
                "--disable-dev-shm-usage", "--window-size=1440,1000");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", acceptLanguage));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        return new Browser(new ChromeDriver(service, options), base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    }

    void signIn(String email, String password) {
        driver.get(base + "/console/login");
        driver.findElement(By.id("email")).sendKeys(email);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("login-submit")).click();
        waitReady();
    }

    /** Opens a console page and waits until its script has loaded the data (body[data-ready]). */
    void page(String path) {
        driver.get(base + path);
        if (!driver.findElements(By.cssSelector("body[data-page]")).isEmpty()) {
            waitReady();
        }
    }

    void waitReady() {
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> "true".equals(
                ((JavascriptExecutor) d).executeScript("return document.body.dataset.ready || null")));
    }

    WebElement waitVisible(String css) {
        return new WebDriverWait(driver, Duration.ofSeconds(30))
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    void waitText(String css, String text) {
        new WebDriverWait(driver, Duration.ofSeconds(30))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    }

    /** What a script of the page answers (e.g. a chart's labels, which a canvas does not show as text). */
    Object script(String js) {
        return ((JavascriptExecutor) driver).executeScript(js);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<String> texts(String css) {
        return driver.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }

    String text(String css) {
        return find(css).getText();
    }

    void type(String css, String value) {
        WebElement input = find(css);
        input.clear();
        input.sendKeys(value);
    }

    /** Saves a screenshot, after checking the page shows no value the script failed to format. */
    void screenshot(String name) {
        String shown = driver.findElement(By.tagName("body")).getText();
        Assertions.assertFalse(UNFORMATTED.matcher(shown).find() || shown.contains("[object Object]"),
                name + " shows a value the script failed to format: " + shown);
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
