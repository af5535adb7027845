package org.drivercore.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the assembled distribution's real entry point, {@code target/drivercore/bin/drivercore},
 * as a process (after the assembly at {@code package}), and checks exit statuses and streams.
 */
class DistributionIT {

    private static final long TIMEOUT_SECONDS = 120;
    /** The header of dc:buses, which nothing else prints. */
    private static final String BUSES_HEADER = "DEVICES  BOUND  HOOKS";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path home;
    private static Path script;

    @TempDir
    Path work;

    @BeforeAll
    static void findDistribution() {
        home = Paths.get(System.getProperty("drivercore.dist", "target/drivercore")).toAbsolutePath();
        script = home.resolve("bin").resolve("drivercore");
        assertThat(script).as("the assembled launcher script").isRegularFile().isExecutable();
        assertThat(home.resolve("conf/config.properties")).isRegularFile();
        assertThat(home.resolve("lib/drivercore-launcher.jar")).isRegularFile();
        assertThat(home.resolve("deploy")).isDirectory();
    }

    /** What a run left: its exit status, its two streams, and how long it took. */
    record Run(int status, String out, String err, long millis) {
        @Override
        public String toString() {
            return "exit " + status + " after " + millis + " ms\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Run run(Path command, Map<String, String> env, boolean stdinFromNull, String... args)
            throws IOException, InterruptedException {
        List<String> commandLine = new ArrayList<>();
        commandLine.add(command.toString());
        commandLine.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(commandLine).directory(work.toFile());
        builder.environment().remove("DRIVERCORE_LOG");
        builder.environment().remove("DRIVERCORE_JAVA_OPTS");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(env);
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        if (stdinFromNull) {
            builder.redirectInput(new File("/dev/null"));
        }
        long start = System.nanoTime();
        Process process = builder.start();
        if (!stdinFromNull) {
            process.getOutputStream().close();
        }
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("drivercore " + String.join(" ", args) + " did not end within " + TIMEOUT_SECONDS + " s; stderr:\n"
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        Run run = new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        System.out.println("drivercore " + String.join(" ", args) + ": exit " + run.status() + " in " + run.millis() + " ms");
        return run;
    }

    private Run run(String... args) throws IOException, InterruptedException {
        return run(script, Map.of(), false, args);
    }

    /**
     * A configuration file only documents: each key it shows, commented out, carries the default that the bundle's
     * own metatype description gives, so the two cannot drift apart.
     */
    @Test
    void theConfigurationFilesShowTheDefaultsOfTheBundlesMetatype() throws Exception {
        Map<String, Map<String, String>> defaults = metatypeDefaults();
        List<Path> cfgs;
        try (Stream<Path> files = Files.list(home.resolve("conf"))) {
            cfgs = files.filter(f -> f.toString().endsWith(".cfg")).sorted().toList();
        }
        assertThat(cfgs).isNotEmpty();
        for (Path cfg : cfgs) {
            String pid = cfg.getFileName().toString().replaceFirst("\\.cfg$", "");
            assertThat(defaults).as("a metatype description for " + cfg.getFileName()).containsKey(pid);
            Map<String, String> shown = new java.util.LinkedHashMap<>();
            for (String line : Files.readAllLines(cfg, StandardCharsets.UTF_8)) {
                if (line.matches("#[a-z][a-z.]*=.*")) {
                    shown.put(line.substring(1, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
                }
                assertThat(line).as(cfg.getFileName() + ": a key set, not documented").matches("(#.*)?");
            }
            assertThat(shown).as(cfg.getFileName().toString()).isEqualTo(defaults.get(pid));
        }
    }

    /** Per PID, every attribute's default, from the metatype XML of every bundle of the distribution. */
    private static Map<String, Map<String, String>> metatypeDefaults() throws Exception {
        Map<String, Map<String, String>> out = new java.util.HashMap<>();
        javax.xml.parsers.DocumentBuilderFactory factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        List<Path> jars;
        try (Stream<Path> files = Files.list(home.resolve("bundle"))) {
            jars = files.filter(f -> f.getFileName().toString().startsWith("org.drivercore.")).toList();
        }
        for (Path jar : jars) {
            try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
                for (var e : java.util.Collections.list(zip.entries())) {
                    if (!e.getName().startsWith("OSGI-INF/metatype/") || !e.getName().endsWith(".xml")) {
                        continue;
                    }
                    org.w3c.dom.Document doc = factory.newDocumentBuilder().parse(zip.getInputStream(e));
                    org.w3c.dom.Element designate = (org.w3c.dom.Element) doc.getElementsByTagName("Designate").item(0);
                    String pid = designate.getAttribute("pid").isEmpty() ? designate.getAttribute("factoryPid")
                            : designate.getAttribute("pid");
                    Map<String, String> ads = new java.util.LinkedHashMap<>();
                    org.w3c.dom.NodeList list = doc.getElementsByTagName("AD");
                    for (int i = 0; i < list.getLength(); i++) {
                        org.w3c.dom.Element ad = (org.w3c.dom.Element) list.item(i);
                        if (ad.hasAttribute("default")) {
                            // Metatype separates the values of a list with commas and escapes a comma inside a value.
                            ads.put(ad.getAttribute("id"), ad.getAttribute("default").replaceAll("\\\\(.)", "$1"));
                        }
                    }
                    out.put(pid, ads);
                }
            }
        }
        return out;
    }

    /**
     * The runtime is described once, in conf/config.properties: every jar in bundle/ has a start level (or is only
     * installed, as the Gogo shell) there, and every bundle named there is in bundle/.
     */
    @Test
    void everyBundleOfTheDistributionIsNamedInItsConfigurationAndViceVersa() throws IOException {
        java.util.Properties config = new java.util.Properties();
        try (var r = Files.newBufferedReader(home.resolve("conf/config.properties"), StandardCharsets.UTF_8)) {
            config.load(r);
        }
        java.util.Set<String> named = new java.util.TreeSet<>();
        for (String key : config.stringPropertyNames()) {
            if (key.startsWith("felix.auto.start.") || key.startsWith("felix.auto.install.")
                    || key.equals("drivercore.web.bundles")) {
                for (String url : config.getProperty(key).trim().split("\\s+")) {
                    String file = url.replace("\"", "");
                    named.add(file.substring(file.lastIndexOf('/') + 1));
                }
            }
        }
        java.util.Set<String> present = new java.util.TreeSet<>();
        try (Stream<Path> jars = Files.list(home.resolve("bundle"))) {
            jars.forEach(j -> present.add(j.getFileName().toString()));
        }
        assertThat(present).as("bundle/ against conf/config.properties").isEqualTo(named);
    }

    @Test
    void help() throws Exception {
        Run run = run("--help");

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("Usage: drivercore").contains("--machine FILE");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void unknownOptionBeforeTheCommandIsAUsageError() throws Exception {
        Run run = run("--bogus", "devices");

        assertThat(run.status()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("unknown option '--bogus'").contains("Usage: drivercore");
    }

    @Test
    void devicesJsonIsExactlyOneJsonDocumentOnStdout() throws Exception {
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        Run run = run(script, Map.of("DRIVERCORE_JAVA_OPTS", "-Djava.io.tmpdir=" + tmp), false, "devices", "--json");

        assertThat(run.status()).as(run.toString()).isZero();
        JsonNode document;
        try (JsonParser parser = JSON.getFactory().createParser(run.out())) {
            document = JSON.readTree(parser);
            assertThat(parser.nextToken()).as("anything after the first JSON document\n" + run).isNull();
        }
        assertThat(document.isObject()).as(run.toString()).isTrue();
        assertThat(document.has("machine")).as(run.toString()).isTrue();
        JsonNode devices = document.get("devices");
        assertThat(devices).as(run.toString()).isNotNull();
        assertThat(devices.isArray()).isTrue();
        assertThat(devices.size()).as("devices of the default machine").isPositive();
        // Every device says which driver it has; class and virtual devices (no bus) have none
        // (JSON null), so "non-null driver" holds for the devices that are bound.
        int bound = 0;
        for (JsonNode device : devices) {
            assertThat(device.path("path").isTextual()).as(device.toString()).isTrue();
            assertThat(device.has("driver")).as("driver of " + device).isTrue();
            if ("BOUND".equals(device.path("state").asText())) {
                assertThat(device.get("driver").isTextual()).as("driver of bound " + device).isTrue();
            }
            if (device.get("driver").isTextual()) {
                bound++;
            }
        }
        assertThat(bound).as("devices with a driver on the default machine").isPositive();
        // SLF4J found its provider inside OSGi (no NOP fallback), and the storage was deleted.
        assertThat(run.err()).doesNotContain("SLF4J(W)").doesNotContain("NOP");
        // A query powers nothing off: the container stops without a shutdown of the devices.
        assertThat(run.err()).doesNotContain("Shutdown (dag)").doesNotContain("powering off");
        // Every device says whether it has shutdown work and which async flags the registry recorded for it.
        for (JsonNode device : devices) {
            assertThat(device.path("shutdownWork").isBoolean()).as(device.toString()).isTrue();
            assertThat(device.path("asyncFlags").isArray()).as(device.toString()).isTrue();
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.filter(p -> p.getFileName().toString().startsWith("drivercore-")))
                    .as("temporary framework storage left behind").isEmpty();
        }
    }

    @Test
    void unknownCommandIsAUsageError() throws Exception {
        Run run = run("nosuchcommand");

        assertThat(run.status()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("nosuchcommand").contains("drivercore help");
    }

    @Test
    void loadingAMissingFileFails() throws Exception {
        Run run = run("load", "/nonexistent/file.json");

        assertThat(run.status()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("/nonexistent/file.json");
    }

    @Test
    void aMissingMachineFails() throws Exception {
        Run run = run("--machine", "/nonexistent.json", "devices");

        assertThat(run.status()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("/nonexistent.json");
    }

    /** A value in a .cfg that is not a number is said in one line and replaced by its default; nothing fails. */
    @Test
    void aBadConfigurationValueIsOneLineAndItsDefault() throws Exception {
        Path copy = copyOfTheDistribution();
        Files.writeString(copy.resolve("conf/org.drivercore.shutdown.cfg"), "pool=abc\n", java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(copy.resolve("conf/org.drivercore.driver.nvme.cfg"), "shutdown.timeout.s=lots\n",
                java.nio.file.StandardOpenOption.APPEND);
        Run run = run(copy.resolve("bin/drivercore"), Map.of(), false, "plan", "--strategy", "dag");

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.err()).contains("org.drivercore.shutdown: pool cannot be read ('abc' is not a number); using its default 0")
                .contains("org.drivercore.driver.nvme: shutdown.timeout.s cannot be read ('lots' is not a number); "
                        + "using its default 5")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    /**
     * Issue 12: every command's bad input, through the launcher: one line on standard error that names the argument
     * and says why, nothing on standard output, exit 2 for a usage error and 1 for a refused request.
     */
    @Test
    void badInputToEachCommandIsOneLineNamingTheArgument() throws Exception {
        record Case(List<String> args, int status, String message) {
        }
        List<Case> cases = List.of(
                new Case(List.of("devices", "--jsn"), 2, "devices: unknown option '--jsn' (usage: devices [--json])"),
                new Case(List.of("tree", "extra"), 2, "tree: unexpected argument 'extra'"),
                new Case(List.of("drivers", "--verbose"), 2, "drivers: unknown option '--verbose'"),
                new Case(List.of("classes", "--all"), 2, "classes: unknown option '--all'"),
                new Case(List.of("links", "-j"), 2, "links: unknown option '-j'"),
                new Case(List.of("load", "--bogus"), 2, "load: unknown option '--bogus'"),
                new Case(List.of("device", "nvme99"), 2, "device: no device 'nvme99'"),
                new Case(List.of("device", "--jsn"), 2, "device: unknown option '--jsn'"),
                new Case(List.of("bind", "0000:1a:00.0", "nvme"), 1, "already bound to driver 'nvme' (EBUSY)"),
                new Case(List.of("bind", "nvme0", "nvme"), 1, "nvme/nvme0: a class device binds no driver"),
                new Case(List.of("unbind", "--driver", "ahci", "0000:1a:00.0"), 1, "bound to driver 'nvme', not 'ahci' (ENODEV)"),
                new Case(List.of("driver-override", "1-1"), 2, "driver-override: which driver? (or --clear)"),
                new Case(List.of("driver-override", "1-1", "uas"), 1, "bus 'usb' has no driver_override in Linux 6.18"),
                new Case(List.of("rescan", "--bus", "i2c"), 1, "no bus type 'i2c' is registered"),
                new Case(List.of("add", "/devices/platform/x", "NOTKV"), 2, "add: 'NOTKV' is not KEY=VALUE"),
                new Case(List.of("remove", "/devices/none"), 2, "remove: no device '/devices/none'"),
                new Case(List.of("bind", "nvme0"), 2, "bind: missing or wrong arguments (drivercore help bind shows "
                        + "its usage)"),
                new Case(List.of("rescan", "--bus"), 2, "rescan: missing or wrong arguments"),
                new Case(List.of("plan", "--strategy", "fast"), 2, "--strategy: strategy 'fast' is unknown (known: serial, "
                        + "two-pass, cookie-chain, completions, dag)"),
                new Case(List.of("compare", "--pool", "-3"), 2, "--pool"),
                new Case(List.of("compare", "--generate", "devices=x"), 2, "--generate: "));
        for (Case c : cases) {
            Run run = run(c.args().toArray(String[]::new));
            assertThat(run.status()).as(c + "\n" + run).isEqualTo(c.status());
            assertThat(run.out()).as(c + "\n" + run).isEmpty();
            assertThat(run.err()).as(c + "\n" + run).contains(c.message()).doesNotContain("Exception")
                    .doesNotContain("\tat ");
            assertThat(run.err().lines().filter(l -> l.startsWith("drivercore: ")).count()).as(c + "\n" + run)
                    .isEqualTo(1);
        }
    }

    /** Issue 12: a bus and a driver nobody serves are said once each at load, with how many devices they leave. */
    @Test
    void aMachineNamingABusOrDriverNobodyServesSaysSoOnceAtLoad() throws Exception {
        Path machine = work.resolve("unserved.json");
        Files.writeString(machine, """
                {
                  "machine": "unserved",
                  "devices": [
                    {"path": "/devices/platform/i2c-0", "bus": "i2c", "driver": "i2c_designware"},
                    {"path": "/devices/platform/i2c-1", "bus": "i2c", "driver": "i2c_designware"},
                    {"path": "/devices/platform/gpio", "bus": "platform", "driver": "gpio-nobody"}
                  ]
                }
                """);
        Run run = run("--machine", machine.toString(), "devices");

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.err()).as(run.toString())
                .contains("drivercore: warning: bus 'i2c' is served by no bundle: 2 devices wait for it")
                .contains("drivercore: warning: driver 'gpio-nobody' (bus platform) is served by no bundle and no profile: "
                        + "1 device stays unbound");
        assertThat(run.err().lines().filter(l -> l.contains("'i2c'")).count()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("WAITING_FOR_BUS");
    }

    /** A copy of the distribution in the test's directory, for a test that changes its conf/ or deploy/. */
    private Path copyOfTheDistribution() throws IOException {
        Path copy = work.resolve("dist");
        try (Stream<Path> all = Files.walk(home)) {
            for (Path p : all.toList()) {
                Path to = copy.resolve(home.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return copy;
    }

    /**
     * Issue 12: a built-in bundle copied into deploy/ and deleted again does not take the built-in away (FileInstall
     * adopts the installed bundle of the same name and version, and uninstalls it with the file): it comes back from
     * bundle/, and its bus's devices bind again.
     */
    @Test
    void deletingACopyOfABuiltInBundleFromDeployLeavesTheBuiltIn() throws Exception {
        Path copy = copyOfTheDistribution();
        try (Pty pty = Pty.start(work, Map.of("JAVA_HOME", System.getProperty("java.home")),
                "'" + copy.resolve("bin/drivercore") + "'")) {
            pty.await("drivercore shell:", 1, 60);
            Path deployed = copy.resolve("deploy/org.drivercore.bus.usb.jar");
            Files.copy(copy.resolve("bundle/org.drivercore.bus.usb.jar"), deployed);
            Thread.sleep(3000); // FileInstall polls deploy/ every second
            Files.delete(deployed);
            pty.await("installed again from bundle/", 1, 30);
            // The bus comes back, and its devices bind again: asked until dc:buses shows it (FileInstall refreshes too).
            java.util.regex.Pattern usbBound = java.util.regex.Pattern.compile("usb +14 +14 ");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (int asked = 1; !usbBound.matcher(pty.screen()).find(); asked++) {
                assertThat(System.nanoTime() < deadline).as("the USB bus back within 30 s\n" + pty.screen()).isTrue();
                pty.type("dc:buses\r").await(BUSES_HEADER, asked, 30);
                Thread.sleep(500);
            }
            assertThat(pty.ctrlD(90)).as(pty.screen()).isZero();
            assertThat(pty.screen()).contains("the built-in bundle org.drivercore.bus.usb was uninstalled")
                    .containsPattern("usb +14 +14 ");
        }
    }

    /**
     * Issue 13 (security): the shell is local: the running container listens on no network socket (no telnet, no ssh,
     * no HTTP). Read from /proc: the TCP sockets in LISTEN state and the bound UDP sockets of the JVM's descriptors.
     */
    @Test
    void theRunningShellListensOnNoNetworkSocket() throws Exception {
        try (Pty pty = Pty.start(work, Map.of("JAVA_HOME", System.getProperty("java.home")), "'" + script + "'")) {
            pty.await("drivercore shell:", 1, 60);
            List<String> listening = new ArrayList<>();
            for (long pid : pty.pids()) {
                listening.addAll(listeningSockets(pid));
            }
            assertThat(pty.pids()).as("the JVM runs in the terminal").isNotEmpty();
            assertThat(listening).as("listening sockets of the container").isEmpty();
            assertThat(pty.ctrlD(90)).as(pty.screen()).isZero();
        }
    }

    /** The process's sockets that listen (TCP state 0A) or are bound for UDP, as "tcp 0100007F:1F90" lines. */
    private static List<String> listeningSockets(long pid) throws IOException {
        java.util.Set<String> inodes = new java.util.HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
            Path file = Path.of("/proc", Long.toString(pid), "net", table);
            if (!Files.isReadable(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
                String[] f = line.trim().split("\\s+");
                boolean listens = table.startsWith("udp") || f[3].equals("0A");
                if (f.length > 9 && listens && inodes.contains(f[9])) {
                    out.add(table + " " + f[1]);
                }
            }
        }
        return out;
    }

    /** Issue 13 (security): a jar in deploy/ that is not a bundle is one clear line, and installs nothing. */
    @Test
    void aJarInDeployThatIsNoBundleIsOneLineAndInstallsNothing() throws Exception {
        Path copy = copyOfTheDistribution();
        Files.write(copy.resolve("deploy/corrupt.jar"), new byte[] { 'P', 'K', 0, 0, 1, 2, 3 });
        try (Pty pty = Pty.start(work, Map.of("JAVA_HOME", System.getProperty("java.home")),
                "'" + copy.resolve("bin/drivercore") + "'")) {
            pty.await("corrupt.jar is not an OSGi bundle (not a jar (zip) archive", 1, 60);
            pty.type("lb\r").await("drivercore shutdown", 1, 30);
            assertThat(pty.ctrlD(90)).as(pty.screen()).isZero();
            String screen = pty.screen();
            assertThat(Pty.count(screen, "corrupt.jar is not an OSGi bundle")).as(screen).isEqualTo(1);
            assertThat(screen).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    /** Issue 11's main job: the table, the six files (the timeline showing the NVMe controllers in parallel), exit 0. */
    @Test
    void theDemoPrintsTheTableWritesSixFilesAndPowersOff() throws Exception {
        Path out = work.resolve("report dir");
        Run run = run("demo", "--out", out.toString());

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.out()).contains("STRATEGY").contains("serial (mainline device_shutdown()) takes 73.729 s; dag 4.960 s")
                .contains("wrote summary.txt, summary.json, timeline.svg, trace.json, critical-path.txt and advice.txt");
        assertThat(run.err()).contains("shutdown (dag): 62 of 62 devices with work done");
        for (String f : List.of("summary.txt", "summary.json", "timeline.svg", "trace.json", "critical-path.txt", "advice.txt")) {
            assertThat(out.resolve(f)).as(f).isNotEmptyFile();
        }
        String svg = Files.readString(out.resolve("timeline.svg"));
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("<title>(/devices/[^<]*): ([0-9.]+) s to ([0-9.]+) s").matcher(svg);
        int parallel = 0;
        while (m.find()) {
            // Only the 16 NVMe functions work from the start to past 4 s.
            if (Double.parseDouble(m.group(2)) < 0.5 && Double.parseDouble(m.group(3)) > 4.0) {
                parallel++;
            }
        }
        assertThat(parallel).as("NVMe controllers shutting down together under dag").isEqualTo(16);
        JsonNode trace = JSON.readTree(out.resolve("trace.json").toFile());
        assertThat(trace.path("metadata").path("strategy").asText()).isEqualTo("dag");
        assertThat(trace.path("traceEvents").size()).isGreaterThan(100);
        assertThat(Files.readString(out.resolve("advice.txt"))).contains("Latency cuts").contains("nvme");
        assertThat(Files.readString(out.resolve("critical-path.txt"))).contains("nvme");
    }

    /** The default machine's bound is the slowest NVMe controller, then its ports: dc:critical-path names them. */
    @Test
    void criticalPathNamesTheSlowestNvmeAndItsPorts() throws Exception {
        Run run = run("critical-path", "--json");

        assertThat(run.status()).as(run.toString()).isZero();
        JsonNode doc = JSON.readTree(run.out());
        assertThat(doc.path("strategy").asText()).isEqualTo("dag");
        JsonNode first = doc.path("steps").get(0);
        assertThat(first.path("driver").asText()).isEqualTo("nvme");
        assertThat(first.path("latencyS").asDouble()).isEqualTo(doc.path("criticalPathS").asDouble());
        for (int i = 1; i < doc.path("steps").size(); i++) {
            assertThat(doc.path("steps").get(i).path("waitsFor").asText()).isEqualTo("child");
        }
        Run help = run("critical-path", "--help");
        assertThat(help.out()).contains("usage: critical-path [--strategy STRATEGY] [--json]");
        Run launcherHelp = run("help", "critical-path");
        assertThat(launcherHelp.out()).contains("usage: critical-path [--strategy STRATEGY] [--json]")
                .doesNotContain("No methods found");
    }

    /** dc:advise on a real board: every candidate with its gain under v18 and dag, each gain what the rerun measured. */
    @Test
    void adviseRanksOptInsOnARealBoard() throws Exception {
        Path nxp = Path.of("../bundles/topology/src/test/resources/org/drivercore/topology/imports/real/NXP_S32G_DEV_BOARD.exportdb")
                .toAbsolutePath().normalize();
        Run run = run("--machine", nxp.toString(), "advise", "--json");

        assertThat(run.status()).as(run.toString()).isZero();
        JsonNode doc = JSON.readTree(run.out());
        double v18 = doc.path("v18MakespanS").asDouble();
        assertThat(v18).isPositive();
        double previous = Double.MAX_VALUE;
        assertThat(doc.path("optIns").size()).isPositive();
        for (JsonNode g : doc.path("optIns")) {
            double gain = g.path("v18GainS").asDouble();
            assertThat(gain).isLessThanOrEqualTo(previous);
            assertThat(gain + g.path("v18AfterS").asDouble()).isCloseTo(v18, org.assertj.core.data.Offset.offset(1e-6));
            previous = gain;
        }
        assertThat(doc.path("latencyCuts").get(0).path("dagGainS").asDouble()).isPositive();
    }

    /** A run that does not fit in the heap says so in one line, with the setting that raises it; a bad size is refused. */
    @Test
    void aRunThatDoesNotFitNamesTheHeapSetting() throws Exception {
        Run small = run(script, Map.of("DRIVERCORE_HEAP", "96m"), false,
                "compare", "--clock", "virtual", "--generate", "devices=1000000,seed=1");
        assertThat(small.status()).as(small.toString()).isEqualTo(1);
        assertThat(small.err()).as(small.toString()).contains("drivercore: out of memory (Java heap space) with a heap of at "
                + "most ").contains("DRIVERCORE_HEAP=8g").doesNotContain("\tat ").doesNotContain("Exception");

        Run bad = run(script, Map.of("DRIVERCORE_HEAP", "lots"), false, "devices");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("drivercore: DRIVERCORE_HEAP must be a size such as 2g or 512m (not 'lots')\n");
    }

    /** Issue 9's "done": a real board's udev database, its devlinks honoured, every strategy compared on it. */
    @Test
    void aUdevDatabaseIsAMachine() throws Exception {
        Path nxp = Path.of("../bundles/topology/src/test/resources/org/drivercore/topology/imports/real/NXP_S32G_DEV_BOARD.exportdb")
                .toAbsolutePath().normalize();
        Run run = run("--machine", nxp.toString(), "compare", "--clock", "virtual", "--json");

        assertThat(run.status()).as(run.toString()).isZero();
        JsonNode doc = JSON.readTree(run.out());
        assertThat(doc.path("devices").asInt()).isEqualTo(511);
        for (JsonNode s : doc.path("strategies")) {
            if (List.of("serial", "completions", "dag").contains(s.path("name").asText())) {
                assertThat(s.path("orderingViolations").asInt()).as(s.toString()).isZero();
            }
        }
        Run links = run("--machine", nxp.toString(), "links", "--json");
        assertThat(JSON.readTree(links.out()).path("links").size()).as(links.toString()).isEqualTo(133);
    }

    /** This machine's own /sys, read-only, is a machine too. */
    @Test
    void theLiveSysIsAMachine() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/sys/devices")), "no /sys here");
        Run run = run("--machine", "/sys", "compare", "--clock", "virtual", "--json");

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(JSON.readTree(run.out()).path("devices").asInt()).isPositive();
    }

    /** A file that is none of the four formats: one error naming it, its line and why; no stack trace. */
    @Test
    void garbageIsRefusedWithOneError() throws Exception {
        Path junk = Files.writeString(work.resolve("junk.txt"), "\n#!/bin/sh\necho hello\n");
        Run run = run("--machine", junk.toString(), "devices");

        assertThat(run.status()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains(junk + ":2: not a machine file (JSON, starting with '{'), a udev database or a "
                + "umockdev recording").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void argumentsReachTheCommandLiterally() throws Exception {
        String path = work.resolve("dir with space/$HOME \"x\" {y} *.json").toString();
        Run run = run("load", path);

        assertThat(run.status()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains(path);
    }

    @Test
    void interactiveShellEndsWithItsInputAndPowersOff() throws Exception {
        Run run = run(script, Map.of(), true);

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.out()).contains("drivercore shell:");
        assertThat(run.err().lines()).as("quiet at the default level: no log line, no terminal warning; only the "
                + "power-off's progress").allMatch(l -> l.startsWith("INFO Progress - Shutdown (dag): "));
    }

    /**
     * Issue 12: the shell as a user at a terminal has it (a pseudo-terminal): Tab completes a command and an option,
     * the up arrow recalls the last line, Ctrl-C interrupts a running command with one line, an error is one line, a
     * reboot leaves the console usable for one more command, and Ctrl-D powers off.
     */
    @Test
    void theShellInATerminalCompletesRecallsInterruptsAndSurvivesAReboot() throws Exception {
        try (Pty pty = Pty.start(work, Map.of("JAVA_HOME", System.getProperty("java.home")), "'" + script + "'")) {
            pty.await("drivercore shell:", 1, 60);
            pty.type("dc:bu\t\r").await(BUSES_HEADER, 1, 30); // dc:buses, completed: its table
            pty.type("\u001BOA\r").await(BUSES_HEADER, 2, 30); // the up arrow (xterm, keypad mode): the same command
            pty.type("dc:devices --js\t\r").await("\"asyncFlags\"", 1, 30); // --json, completed
            pty.type("dc:devices --jsn\r").await("devices: unknown option '--jsn'", 1, 30);
            pty.type("dc:compare --clock real\r");
            Thread.sleep(3000); // five strategies at time scale 0.1 take 20 s: Ctrl-C comes in the middle
            pty.type("\u0003").await("interrupted", 1, 30);
            // The session's output survived the interrupt: Gogo's help prints through it.
            int described = Pty.count(pty.screen(), "print one JSON document");
            pty.type("help dc:devices\r").await("print one JSON document", described + 1, 30);
            pty.type("help dc:driver-override\r").await("driver-override - set or clear a device's driver_override", 1, 30);
            pty.type("dc:shutdown --reboot\r").await("drivercore shell:", 2, 90);
            pty.type("dc:buses\r").await(BUSES_HEADER, 3, 30);
            assertThat(pty.ctrlD(90)).as(pty.screen()).isZero();
            String screen = pty.screen();
            assertThat(screen).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("Command not found");
            assertThat(Pty.count(screen, "drivercore shell:")).as("one console per boot").isEqualTo(2);
        }
    }

    /** Ctrl-C during a one-shot command: one line, the power-off, and exit status 130 (128 + SIGINT). */
    @Test
    void ctrlCDuringAOneShotCommandIsOneLineAndExitStatus130() throws Exception {
        try (Pty pty = Pty.start(work, Map.of("JAVA_HOME", System.getProperty("java.home")),
                "'" + script + "' compare --clock real")) {
            pty.await("compare: strategy 1 of 5", 1, 60); // its progress, on the terminal: the command runs
            pty.type("\u0003");
            assertThat(pty.exitStatus(90)).as(pty.screen()).isEqualTo(130);
            assertThat(pty.screen()).contains("drivercore: stopped by a signal (Ctrl-C or SIGTERM): powering off")
                    .doesNotContain("InterruptedException").doesNotContain("Exception").doesNotContain("STRATEGY");
        }
    }

    /** SIGTERM during a one-shot command: the same one line and power-off as Ctrl-C, exit status 143. */
    @Test
    void sigtermDuringAOneShotCommandIsOneLineAndExitStatus143() throws Exception {
        try (Pty pty = Pty.start(work, Map.of("JAVA_HOME", System.getProperty("java.home")),
                "'" + script + "' compare --clock real")) {
            pty.await("compare: strategy 1 of 5", 1, 60); // its progress, on the terminal: the command runs
            List<ProcessHandle> javas = ProcessHandle.current().descendants()
                    .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false)).toList();
            assertThat(javas).as("the launcher's JVM").isNotEmpty();
            javas.forEach(ProcessHandle::destroy); // SIGTERM
            assertThat(pty.exitStatus(90)).as(pty.screen()).isEqualTo(143);
            assertThat(pty.screen()).contains("drivercore: stopped by a signal (Ctrl-C or SIGTERM): powering off")
                    .doesNotContain("Exception");
        }
    }

    /**
     * The main job's table as JSON: every strategy on the default machine, on the virtual clock, each with its own
     * kernel generation's flags and the critical path of those flags, and both bounds of the machine.
     */
    @Test
    void compareOnTheVirtualClockShowsEachStrategysFlagsAndBothBounds() throws Exception {
        Run run = run("compare", "--clock", "virtual", "--json");

        assertThat(run.status()).as(run.toString()).isZero();
        JsonNode document;
        try (JsonParser parser = JSON.getFactory().createParser(run.out())) {
            document = JSON.readTree(parser);
            assertThat(parser.nextToken()).as("anything after the first JSON document\n" + run).isNull();
        }
        assertThat(document.path("machine").asText()).as(run.toString()).isEqualTo("storage-server");
        assertThat(document.path("devices").asInt()).as(run.toString()).isPositive();
        double criticalPath = document.path("criticalPathMs").asDouble();
        double allAsync = document.path("allAsyncCriticalPathMs").asDouble();
        assertThat(criticalPath).as(run.toString()).isPositive().isGreaterThanOrEqualTo(allAsync);
        assertThat(allAsync).as(run.toString()).isPositive();
        assertThat(document.path("lowerBoundMs").asDouble()).as("alias for one release").isEqualTo(criticalPath);
        Map<String, JsonNode> strategies = new java.util.LinkedHashMap<>();
        for (JsonNode s : document.path("strategies")) {
            strategies.put(s.path("name").asText(), s);
            for (String field : List.of("flags", "flagsText", "makespanMs", "criticalPathMs", "ratioToCriticalPath",
                    "allAsyncCriticalPathMs", "ratioToLowerBound", "peakThreads", "orderingViolations", "violations",
                    "deadlock", "outcomes")) {
                assertThat(s.has(field)).as(field + " of " + s).isTrue();
            }
            assertThat(s.path("violations").size()).as(s.toString()).isEqualTo(s.path("orderingViolations").asInt());
            assertThat(s.path("outcomes").has("timedOut")).as(s.toString()).isTrue();
        }
        assertThat(strategies).as(run.toString()).containsOnlyKeys("serial", "two-pass", "cookie-chain", "completions", "dag");
        assertThat(flags(strategies.get("serial"))).isEmpty();
        assertThat(flags(strategies.get("two-pass"))).containsExactly("bus-hooks");
        assertThat(flags(strategies.get("cookie-chain"))).containsExactly("driver");
        assertThat(flags(strategies.get("completions"))).containsExactly("subsystem");
        JsonNode dag = strategies.get("dag");
        assertThat(dag.path("ratioToCriticalPath").asDouble()).as(dag.toString()).isEqualTo(1.0);
        assertThat(dag.path("criticalPathMs").asDouble()).isEqualTo(criticalPath);
        assertThat(dag.path("orderingViolations").asInt()).as(dag.toString()).isZero();
        assertThat(dag.path("deadlock").asBoolean()).as(dag.toString()).isFalse();
        assertThat(dag.path("outcomes").path("done").asInt()).isEqualTo(document.path("devices").asInt());
        // v18 with its own flags, on a list a boot made: within 1 % of its critical path, and correct.
        JsonNode completions = strategies.get("completions");
        assertThat(completions.path("ratioToCriticalPath").asDouble()).as(completions.toString()).isLessThanOrEqualTo(1.01);
        assertThat(completions.path("orderingViolations").asInt()).as(completions.toString()).isZero();
        // serial: mainline flags nothing, so its critical path is every device one after the other, which it is.
        JsonNode serial = strategies.get("serial");
        assertThat(serial.path("orderingViolations").asInt()).as(serial.toString()).isZero();
        assertThat(serial.path("peakThreads").asInt()).as(serial.toString()).isEqualTo(1);
        assertThat(serial.path("makespanMs").asDouble()).as(serial.toString()).isGreaterThan(5 * criticalPath);
        assertThat(serial.path("ratioToCriticalPath").asDouble()).as(serial.toString()).isEqualTo(1.0);
    }

    private static List<String> flags(JsonNode strategy) {
        List<String> out = new java.util.ArrayList<>();
        strategy.path("flags").forEach(f -> out.add(f.asText()));
        return out;
    }

    /**
     * The default machine's TPM: tpm_tis has no shutdown, but the tpm class (its own bundle) has a shutdown_pre,
     * which runs on the tpm0 class device before its parent, the platform device, is shut down.
     */
    @Test
    void planRunsTheTpmClassShutdownPreBeforeTheTpmDevice() throws Exception {
        Run run = run("plan", "--strategy", "serial");

        assertThat(run.status()).as(run.toString()).isZero();
        String tpm0 = planLine(run, "/devices/platform/MSFT0101:00/tpm/tpm0");
        String chip = planLine(run, "/devices/platform/MSFT0101:00 ");
        String tpmrm0 = planLine(run, "/devices/platform/MSFT0101:00/tpmrm/tpmrm0");
        assertThat(tpm0).as("tpm0 has the class's work").doesNotContain("[no work]").contains("done");
        // tpm_tis has no shutdown callback, but platform_shutdown(), the bus's, runs for every platform device.
        assertThat(chip).as("the platform bus's hook").doesNotContain("[no work]").contains("done");
        assertThat(tpmrm0).as("no bus, no driver, no class service").contains("[no work]");
        double[] tpm0Times = times(tpm0);
        assertThat(tpm0Times[1] - tpm0Times[0]).as(tpm0).isBetween(10.0, 40.0);
        assertThat(times(chip)[0]).as(chip).isGreaterThanOrEqualTo(tpm0Times[1]);

        Run classes = run("classes", "--json");
        assertThat(classes.status()).as(classes.toString()).isZero();
        Map<String, JsonNode> byName = new java.util.TreeMap<>();
        JSON.readTree(classes.out()).path("classes").forEach(c -> byName.put(c.path("name").asText(), c));
        assertThat(byName).as("every class present, not only tpm's bundle").containsKeys("tpm", "block", "nvme", "net");
        JsonNode tpm = byName.get("tpm");
        assertThat(tpm.path("devices").asInt()).isEqualTo(1);
        assertThat(tpm.path("shutdownPre").asBoolean()).isTrue();
        assertThat(tpm.path("bundle").asText()).isEqualTo("org.drivercore.class.tpm");
        assertThat(byName.get("block").path("shutdownPre").asBoolean()).isFalse();
    }

    private static String planLine(Run run, String device) {
        return run.out().lines().filter(l -> l.contains(" " + device)).findFirst()
                .orElseThrow(() -> new AssertionError("no plan line for " + device + "\n" + run));
    }

    /** START and END of a plan line, in ms (the table's are in s: {@code 0.000000   0.017184   main ...}). */
    private static double[] times(String planLine) {
        String[] f = planLine.trim().split("\\s+");
        return new double[] { Double.parseDouble(f[0]) * 1e3, Double.parseDouble(f[1]) * 1e3 };
    }

    @Test
    void shutdownOnTheVirtualClockPowersOff() throws Exception {
        Run run = run("shutdown", "--clock", "virtual");

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.out()).as(run.toString()).contains("shutdown (dag, poweroff, virtual clock)")
                .contains("ordering violations: 0").contains("powering off");
        // it ran once: the framework stop that follows does not shut the devices down again
        assertThat(run.err()).doesNotContain("ERROR");
    }

    @Test
    void shutdownUsageErrorsExitWithTwo() throws Exception {
        Run mode = run("shutdown", "--mode", "sleep");
        assertThat(mode.status()).as(mode.toString()).isEqualTo(2);
        assertThat(mode.out()).isEmpty();
        assertThat(mode.err()).contains("--mode").contains("poweroff, reboot, halt or kexec");

        Run strategy = run("compare", "--strategy", "dag");
        assertThat(strategy.status()).as(strategy.toString()).isEqualTo(2);
        assertThat(strategy.err()).contains("unknown option '--strategy'");

        Run unknown = run("plan", "--strategy", "v9");
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(2);
        assertThat(unknown.err()).contains("'v9' is unknown").contains("dag").contains("cookie-chain");
    }

    @Test
    void scriptFindsItsHomeThroughASymlink() throws Exception {
        Path links = Files.createDirectories(work.resolve("links"));
        Path link = Files.createSymbolicLink(links.resolve("drivercore"), links.relativize(script));

        Run run = run(link, Map.of(), false, "nosuchcommand");

        // 2, not 1: the container started, so conf/ and lib/ were found from the link
        assertThat(run.status()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("nosuchcommand");
        Files.delete(link);
    }
}
