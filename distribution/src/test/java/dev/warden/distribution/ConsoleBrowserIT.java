package dev.warden.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Method;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator's way through the Web Console in a real browser (headless Chromium) against the
 * running distribution: log in with the generated password, upload a signed package through the
 * Warden page's form, watch an assignment's results arrive, disable it, run it by hand, enable it
 * again; and plugin-supplied markup stays text. Screenshots are kept in {@code target/screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

    private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(15);
    private static final String HOSTILE = "<img src=x onerror=alert(1)>";
    private static final String HOSTILE_TARGET = "<img src=y onerror=alert(2)>";

    private static RunningAgent agent;
    private static HeadlessChromium browser;
    private static Path packages;
    private static Path helloPackage;
    private static Path hostilePackage;

    @BeforeAll
    static void startAgentAndBrowser() throws Exception {
        assertTrue(HeadlessChromium.installed(), "the browser test needs Debian's chromium and chromium-driver ("
                + HeadlessChromium.CHROMIUM + ", " + HeadlessChromium.CHROMEDRIVER + "): apt-get install chromium chromium-driver");
        packages = Files.createTempDirectory("warden-it-packages");
        PluginPackages signer = PluginPackages.withNewKey(packages);
        helloPackage = signer.helloPackage("hello-browser", "Hello from the browser test");
        hostilePackage = signer.helloPackage("hostile-name", HOSTILE);
        agent = RunningAgent.prepare("warden-browser-it");
        signer.trustIn(agent.home());
        agent.start();
        browser = HeadlessChromium.start(artifacts().resolve("chromedriver.log"));
        // the console's login: the generated password on every request (AuthMatrixIT proves it is needed;
        // a browser navigation without it would stop at Chromium's login prompt)
        browser.authorizeEveryRequest(agent.consoleAuthorization());
    }

    @AfterAll
    static void stopAll() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            try {
                if (agent != null) {
                    agent.close();
                }
            } finally {
                RunningAgent.deleteTree(packages);
            }
        }
    }

    /** What the browser showed when each step ended, for a post-mortem. */
    @AfterEach
    void keepLastPage(TestInfo test) throws Exception {
        if (browser != null) {
            browser.screenshot(artifacts().resolve("after-" + test.getTestMethod().map(Method::getName).orElse("test") + ".png"));
        }
    }

    @Test
    @Order(1)
    void loggedInConsoleShowsTheWardenPage() {
        ChromeDriver driver = open("/system/console/warden");

        assertEquals(agent.baseUrl() + "/system/console/warden", driver.getCurrentUrl());
        assertTrue(driver.findElement(By.id("warden-upload")).isDisplayed(), "the upload form is on the page");
        WebElement demo = plugin(driver, "hello-c");
        assertEquals("1.0.0", demo.getAttribute("data-version"));
        assertTrue(driver.findElements(By.cssSelector("tr.warden-assignment[data-assignment='hello']")).size() == 1,
                "the demo assignment is listed");
    }

    @Test
    @Order(2)
    void uploadThroughTheFormListsTheSignedPlugin() {
        ChromeDriver driver = open("/system/console/warden");

        upload(driver, helloPackage);

        WebElement notice = driver.findElement(By.id("warden-notice"));
        assertTrue(notice.getAttribute("class").contains("warden-notice-ok"), "upload refused: " + notice.getText());
        assertEquals("Installed plugin hello-browser version 1.0.0 signed by " + PluginPackages.KEY_ID + ".",
                notice.findElement(By.className("warden-message")).getText());
        WebElement row = plugin(driver, "hello-browser");
        List<WebElement> cells = row.findElements(By.tagName("td"));
        assertEquals("Hello from the browser test", cells.get(1).getText());
        assertEquals(PluginPackages.KEY_ID, cells.get(4).getText(), "signer column");
        assertEquals("upload", cells.get(5).getText(), "origin column");
    }

    @Test
    @Order(3)
    void assignmentResultAppearsOnThePage() throws Exception {
        put("browser", "{\"plugin_id\":\"hello-browser\",\"interval_ms\":1000,\"params\":{\"target\":\"browser\"},\"enabled\":true}");

        ChromeDriver driver = reloadUntil("/system/console/warden", d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("tr.warden-assignment[data-assignment='browser']"));
            return !rows.isEmpty() && "hello from browser".equals(rows.get(0).findElement(By.className("warden-summary")).getText());
        }, "the browser assignment's result on the Warden page");

        WebElement row = driver.findElement(By.cssSelector("tr.warden-assignment[data-assignment='browser']"));
        assertEquals("OK", row.findElement(By.cssSelector(".warden-status .warden-badge")).getText());
        assertEquals("yes", row.findElement(By.className("warden-enabled")).getText());
        browser.screenshot(artifacts().resolve("warden-console.png"));

        row.findElement(By.className("warden-results-link")).click();
        waitFor(driver, d -> d.findElements(By.id("warden-history")).size() == 1, "the results history");
        assertEquals("browser", driver.findElement(By.id("warden-assignment-id")).getText());
        WebElement newest = driver.findElement(By.cssSelector("#warden-history tr.warden-result"));
        assertEquals("hello from browser", newest.findElement(By.className("warden-summary")).getText());
        assertEquals("OK", newest.findElement(By.className("warden-badge")).getText());
        browser.screenshot(artifacts().resolve("warden-assignment.png"));
    }

    @Test
    @Order(4)
    void disabledAssignmentRunsOnlyWhenRunNowIsClicked() throws Exception {
        ChromeDriver driver = open("/system/console/warden/assignment/browser");

        driver.findElement(By.cssSelector("button.warden-disable")).click();
        assertEquals("Assignment browser disabled.", okNotice(driver));
        assertEquals("no", fact(driver, "Enabled"));

        int before = stableResultCount("browser");
        driver.findElement(By.cssSelector("button.warden-run")).click();
        assertEquals("Ran browser: OK \u2013 hello from browser", okNotice(driver));
        assertEquals(before + 1, awaitResultCount("browser", before + 1), "run now adds exactly one result to a disabled assignment");
        assertEquals("no", fact(driver, "Enabled"), "run now leaves the assignment disabled");
        browser.screenshot(artifacts().resolve("warden-run-now.png"));

        driver.findElement(By.cssSelector("button.warden-enable")).click();
        assertEquals("Assignment browser enabled.", okNotice(driver));
        assertEquals("yes", fact(driver, "Enabled"));
        assertTrue(awaitResultCount("browser", before + 2) >= before + 2,
                "the re-enabled assignment did not run again within " + RESULT_TIMEOUT + "\n" + agent.tail(40));
    }

    @Test
    @Order(5)
    void pluginSuppliedMarkupIsShownAsText() throws Exception {
        ChromeDriver driver = open("/system/console/warden");
        upload(driver, hostilePackage);
        okNotice(driver);

        WebElement row = plugin(driver, "hostile-name");
        assertEquals(HOSTILE, row.findElements(By.tagName("td")).get(1).getText(), "the manifest name, as text");
        assertNoInjectedMarkup(driver);

        put("hostile", "{\"plugin_id\":\"hostile-name\",\"interval_ms\":3600000,\"params\":{\"target\":\""
                + HOSTILE_TARGET + "\"},\"enabled\":false}");
        HttpResponse<String> run = RunningAgent.send(agent.api("/api/v1/assignments/hostile/run")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, run.statusCode(), run.body());

        open("/system/console/warden/assignment/hostile");
        WebElement newest = driver.findElement(By.cssSelector("#warden-history tr.warden-result"));
        assertEquals("hello from " + HOSTILE_TARGET, newest.findElement(By.className("warden-summary")).getText());
        assertNoInjectedMarkup(driver);
        open("/system/console/warden");
        WebElement assignment = driver.findElement(By.cssSelector("tr.warden-assignment[data-assignment='hostile']"));
        assertEquals("hello from " + HOSTILE_TARGET, assignment.findElement(By.className("warden-summary")).getText());
        assertNoInjectedMarkup(driver);
        browser.screenshot(artifacts().resolve("warden-hostile.png"));
    }

    private static void assertNoInjectedMarkup(WebDriver driver) {
        // an alert would also have failed every WebDriver command before this one (UnhandledAlertException)
        assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert());
        assertEquals(List.of(), driver.findElements(By.cssSelector("#warden img, #warden [onerror]")),
                "plugin-supplied markup became elements");
    }

    private static ChromeDriver open(String path) {
        ChromeDriver driver = browser.driver();
        driver.get(agent.baseUrl() + path);
        waitFor(driver, d -> d.findElements(By.id("warden")).size() == 1, "the Warden page at " + path);
        return driver;
    }

    private static void upload(ChromeDriver driver, Path wpkg) {
        driver.findElement(By.id("warden-package")).sendKeys(wpkg.toAbsolutePath().toString());
        driver.findElement(By.id("warden-upload-submit")).click();
        waitFor(driver, d -> d.findElements(By.id("warden-notice")).size() == 1, "the upload's notice");
    }

    /** Waits for the notice of the action just clicked and answers its message; fails on an error notice. */
    private static String okNotice(ChromeDriver driver) {
        waitFor(driver, d -> d.findElements(By.id("warden-notice")).size() == 1, "the action's notice");
        WebElement notice = driver.findElement(By.id("warden-notice"));
        assertTrue(notice.getAttribute("class").contains("warden-notice-ok"), "action refused: " + notice.getText());
        return notice.findElement(By.className("warden-message")).getText();
    }

    private static WebElement plugin(WebDriver driver, String id) {
        List<WebElement> rows = driver.findElements(By.cssSelector("tr.warden-plugin[data-plugin='" + id + "']"));
        assertEquals(1, rows.size(), "rows of plugin " + id + " on the Warden page");
        return rows.get(0);
    }

    /** A value of the facts table on an assignment's page. */
    private static String fact(WebDriver driver, String name) {
        for (WebElement row : driver.findElements(By.cssSelector("table.warden-facts tr"))) {
            if (row.findElement(By.tagName("th")).getText().equals(name)) {
                return row.findElement(By.tagName("td")).getText();
            }
        }
        return fail("no fact " + name + " on the page");
    }

    private static ChromeDriver reloadUntil(String path, Predicate<WebDriver> shown, String what) throws InterruptedException {
        long deadline = System.nanoTime() + RESULT_TIMEOUT.toNanos();
        while (true) {
            ChromeDriver driver = open(path);
            if (shown.test(driver)) {
                return driver;
            }
            if (System.nanoTime() > deadline) {
                return fail(what + " did not appear within " + RESULT_TIMEOUT + "\n" + agent.tail(40));
            }
            Thread.sleep(500);
        }
    }

    private static void waitFor(WebDriver driver, Function<WebDriver, Boolean> condition, String what) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).withMessage(what).until(condition::apply);
    }

    private static void put(String id, String json) throws Exception {
        HttpResponse<String> put = RunningAgent.send(agent.api("/api/v1/assignments/" + id)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build());
        assertEquals(201, put.statusCode(), "PUT assignment " + id + ": " + put.body());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> results(String assignment) throws Exception {
        HttpResponse<String> response = RunningAgent.send(
                agent.api("/api/v1/results?limit=1000&assignment=" + assignment).GET().build());
        assertEquals(200, response.statusCode(), response.body());
        Object results = JsonReader.object(response.body()).get("results");
        return results == null ? List.of() : (List<Map<String, Object>>) results;
    }

    /** The number of results once there are at least {@code wanted}, or when waiting for them timed out. */
    private static int awaitResultCount(String assignment, int wanted) throws Exception {
        long deadline = System.nanoTime() + RESULT_TIMEOUT.toNanos();
        int count = results(assignment).size();
        while (count < wanted && System.nanoTime() < deadline) {
            Thread.sleep(250);
            count = results(assignment).size();
        }
        return count;
    }

    /** The number of results once no run is landing any more (a run in flight may finish after a disable). */
    private static int stableResultCount(String assignment) throws Exception {
        int count = results(assignment).size();
        long stableSince = System.nanoTime();
        long deadline = stableSince + RESULT_TIMEOUT.toNanos();
        while (System.nanoTime() - stableSince < Duration.ofMillis(2500).toNanos()) {
            if (System.nanoTime() > deadline) {
                fail("results of the disabled assignment " + assignment + " kept coming");
            }
            Thread.sleep(250);
            int now = results(assignment).size();
            if (now != count) {
                count = now;
                stableSince = System.nanoTime();
            }
        }
        return count;
    }

    /** Where screenshots and the browser's log are kept ({@code target/screenshots}). */
    private static Path artifacts() {
        return Path.of(System.getProperty("warden.screenshots", "target/screenshots"));
    }
}
