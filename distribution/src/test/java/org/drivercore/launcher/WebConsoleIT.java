package org.drivercore.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser: {@code bin/drivercore --web} on a copy of the distribution (its own port), then
 * headless Chromium through Selenium (Debian's {@code chromium} and {@code chromium-driver}, which .ci/run installs).
 * The listener is on loopback only; the page shows the default machine's tree; stopping the nvme driver bundle through
 * the console (the request its Bundles tab sends) takes the namespaces off the page; a comparison shows the strategy
 * table and the timeline; a power-off asks first. A screenshot goes to target/webconsole.png.
 */
class WebConsoleIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String NVME_BUNDLE = "org.drivercore.driver.nvme";

    @TempDir
    Path work;

    private Process process;
    private WebDriver browser;

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (process != null && process.isAlive()) {
            process.destroy(); // SIGTERM: the container powers off and exits
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A copy of the distribution whose web console listens on {@code port}. */
    private Path distribution(int port) throws IOException {
        Path home = Path.of(System.getProperty("drivercore.dist", "target/drivercore")).toAbsolutePath();
        Path copy = work.resolve("dist");
        try (Stream<Path> all = Files.walk(home)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path to = copy.resolve(home.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Files.deleteIfExists(copy.resolve("conf/web.properties"));
        Path config = copy.resolve("conf/config.properties");
        Files.writeString(config, Files.readString(config).replace("drivercore.web.port=8080", "drivercore.web.port=" + port));
        return copy;
    }

    /** Every listening TCP socket on the port, as its local address in /proc/net/tcp{,6} (hex). */
    static List<String> listeners(int port) throws IOException {
        List<String> out = new ArrayList<>();
        String hexPort = String.format(":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.exists(p)) {
                continue;
            }
            List<String> lines = Files.readAllLines(p);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f[1].endsWith(hexPort) && f[3].equals("0A")) {
                    out.add(f[1].substring(0, f[1].indexOf(':')));
                }
            }
        }
        return out;
    }

    /** A device's state on the page, read in one script (the tree is redrawn every second). */
    private String state(String pathEnd) {
        return String.valueOf(((JavascriptExecutor) browser).executeScript("var e = document.querySelector("
                + "\"[data-path$='\" + arguments[0] + \"']\"); return e ? e.getAttribute('data-state') : null;", pathEnd));
    }

    /** The HTTP status of a GET of the page with the given Host header, over a plain socket. */
    private static int statusWithHost(int port, String host) throws IOException {
        try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(("GET /system/console/drivercore HTTP/1.1\r\nHost: " + host
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    /** 127.0.0.1, ::1 or ::ffff:127.0.0.1 as /proc/net shows them. */
    static boolean loopback(String hexAddress) {
        return hexAddress.equals("0100007F") || hexAddress.equals("00000000000000000000000001000000")
                || hexAddress.equals("0000000000000000FFFF00000100007F");
    }

    @Test
    void thePageShowsTheMachineFollowsAHotSwapAndComparesInARealBrowser() throws Exception {
        assertThat(Path.of("/usr/bin/chromedriver")).as("Debian's chromium-driver: run .ci/install-browser").isExecutable();
        int port = freePort();
        Path home = distribution(port);
        Path err = work.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/drivercore").toString(), "--web")
                .redirectError(err.toFile()).redirectOutput(work.resolve("stdout.txt").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        process = pb.start();
        OutputStream stdin = process.getOutputStream(); // kept open: the shell waits for commands on it
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Files.readString(err).contains("drivercore: web console at ") || listeners(port).isEmpty()) {
            assertThat(process.isAlive()).as(Files.readString(err)).isTrue();
            assertThat(System.nanoTime()).as("the console up: " + Files.readString(err)).isLessThan(deadline);
            Thread.sleep(100);
        }
        assertThat(Files.readString(err)).contains("web console at http://127.0.0.1:" + port + "/system/console/drivercore");
        assertThat(listeners(port)).as("listening on loopback only").isNotEmpty().allMatch(WebConsoleIT::loopback);
        Properties credentials = new Properties();
        try (var in = Files.newInputStream(home.resolve("conf/web.properties"))) {
            credentials.load(in);
        }
        String user = credentials.getProperty("felix.webconsole.username");
        String password = credentials.getProperty("felix.webconsole.password");
        assertThat(password).isNotEqualTo("admin");

        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1800");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        String root = "http://127.0.0.1:" + port + "/system/console";
        // The console's authentication is on: without credentials, 401.
        java.net.HttpURLConnection anonymous = (java.net.HttpURLConnection) new java.net.URL(root + "/drivercore")
                .openConnection();
        anonymous.setConnectTimeout(10_000);
        anonymous.setReadTimeout(30_000);
        assertThat(anonymous.getResponseCode()).isEqualTo(401);
        anonymous.disconnect();
        // The browser sends the credentials with every request, the page's own fetches included (credentials in the
        // URL would authenticate the first navigation only).
        ChromeDriver chrome = (ChromeDriver) browser;
        chrome.executeCdpCommand("Network.enable", java.util.Map.of());
        chrome.executeCdpCommand("Network.setExtraHTTPHeaders", java.util.Map.of("headers", java.util.Map.of(
                "Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8)))));
        browser.get(root + "/drivercore");

        // The default machine's tree, its namespaces among it.
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dc-machine"), "storage-server"));
        wait.until(b -> !b.findElements(By.cssSelector("[data-path$='/nvme0n1']")).isEmpty());
        assertThat(state("/0000:1a:00.0")).isEqualTo("BOUND");
        // The view's JSON is dc:devices --json: every device of it is on the page (read in one go: the tree is redrawn
        // every second).
        Object counts = ((JavascriptExecutor) browser).executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "fetch('" + root + "/drivercore/devices.json').then(r => r.json()).then(d => done(d.devices.length"
                + " + ' ' + document.querySelectorAll('#dc-tree [data-path]').length));");
        String[] both = String.valueOf(counts).split(" ");
        assertThat(both[1]).as("devices on the page, and in devices.json").isEqualTo(both[0]);

        // Stop the nvme driver bundle through the console: the POST its Bundles tab sends.
        Object status = ((JavascriptExecutor) browser).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "fetch('" + root + "/bundles.json', {credentials: 'same-origin'}).then(r => r.json()).then(d => {"
                        + "  var b = d.data.find(x => x.symbolicName === '" + NVME_BUNDLE + "');"
                        + "  return fetch('" + root + "/bundles/' + b.id, {method: 'POST', credentials: 'same-origin',"
                        + "    headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: 'action=stop'});"
                        + "}).then(r => done(r.status)).catch(e => done(String(e)));");
        assertThat(status).as("the console's answer to the stop").isEqualTo(200L);
        wait.until(b -> b.findElements(By.cssSelector("[data-path$='/nvme0n1']")).isEmpty());
        assertThat(state("/0000:1a:00.0")).isNotEqualTo("BOUND");

        // A comparison: the strategy table and the timeline.
        browser.findElement(By.id("dc-compare")).click();
        wait.until(b -> b.findElements(By.cssSelector("#dc-strategies tbody tr")).size() == 5);
        wait.until(b -> Long.valueOf(1).equals(((JavascriptExecutor) b).executeScript("var i = document.getElementById("
                + "'dc-timeline-image'); return i && i.complete && i.naturalWidth > 0 ? 1 : 0;")));
        assertThat(String.valueOf(((JavascriptExecutor) browser).executeScript(
                "return document.getElementById('dc-strategies').innerText;"))).contains("dag").contains("cookie-chain");

        // An action without the page's token (what another site's form would send) is refused.
        Object forged = ((JavascriptExecutor) browser).executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "fetch('" + root + "/drivercore/shutdown', {method: 'POST', headers: {'Content-Type':"
                + " 'application/x-www-form-urlencoded'}, body: 'confirm=poweroff'}).then(r => r.json().then(b =>"
                + " done(r.status + ' ' + b.error)));");
        assertThat(String.valueOf(forged)).startsWith("403 this page's token is missing or wrong");

        // Another site's page (localhost is another origin than 127.0.0.1), with the credentials the browser keeps, cannot
        // stop a bundle through the console: the guard refuses its POST, and the bundle stays active.
        browser.get("http://localhost:" + port + "/system/console/drivercore");
        ((JavascriptExecutor) browser).executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "fetch('" + root + "/bundles/" + NVME_BUNDLE + "', {method: 'POST', mode: 'no-cors', headers:"
                + " {'Content-Type': 'application/x-www-form-urlencoded'}, body: 'action=start'}).then(() => done(1),"
                + " () => done(0));");
        browser.get(root + "/drivercore");
        Thread.sleep(1500); // a start would bind the namespaces again within a poll
        assertThat(browser.findElements(By.cssSelector("[data-path$='/nvme0n1']"))).as("the cross-site start").isEmpty();
        // A request for another host name (DNS rebinding) is refused before any password is read.
        assertThat(statusWithHost(port, "attacker.example")).isEqualTo(403);
        assertThat(statusWithHost(port, "127.0.0.1:" + port)).isEqualTo(401);

        // A power-off asks first; dismissed, nothing happens.
        browser.findElement(By.id("dc-poweroff")).click();
        wait.until(ExpectedConditions.alertIsPresent()).dismiss();
        Thread.sleep(500);
        assertThat(process.isAlive()).isTrue();
        assertThat(String.valueOf(((JavascriptExecutor) browser).executeScript(
                "return document.getElementById('dc-message').textContent;"))).doesNotContain("shutdown");

        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
        byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Path shot = Path.of(System.getProperty("drivercore.dist", "target/drivercore")).toAbsolutePath().getParent()
                .resolve("webconsole.png");
        Files.write(shot, png);
        assertThat(png.length).isGreaterThan(10_000);

        stdin.write("stop 0\n".getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as(Files.readString(err)).isTrue();
        assertThat(listeners(port)).as("nothing listens once the container stopped").isEmpty();
    }
}
