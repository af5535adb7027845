package org.drivercore.itests;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The distribution the tests run, unpacked by the build (maven-dependency-plugin, pre-integration-test): its
 * {@code conf/config.properties} is the one description of the runtime, and each test provisions Felix from it,
 * bundle by bundle at the start level it gives.
 */
final class Distribution {

    private static final String START = "felix.auto.start.";

    /**
     * Bundles the tests leave out: FileInstall watches an installed distribution's deploy/ and conf/, which a test
     * does not have (and drivercore's deploy/ guard is a FileInstall installer); the Gogo shell is a console (the
     * distribution only installs it).
     */
    static final Set<String> NOT_IN_TESTS = Set.of("org.apache.felix.fileinstall", "org.drivercore.deploy",
            "org.apache.felix.gogo.jline");

    /** One bundle of the runtime: its file name without {@code .jar}, and its start level. */
    record RuntimeBundle(String name, int startLevel, Path jar) {
    }

    private Distribution() {
    }

    /** The unpacked distribution's directory. */
    static Path home() {
        Path home = Path.of(System.getProperty("drivercore.dist", "target/distribution/drivercore"));
        if (!Files.isDirectory(home)) {
            throw new IllegalStateException("missing " + home + ": run the tests through 'mvn verify' (the distribution is "
                    + "unpacked there at pre-integration-test)");
        }
        return home;
    }

    static Properties config() {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(home().resolve("conf").resolve("config.properties"), StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** Every {@code felix.auto.start.N} bundle, by start level then as listed, without {@link #NOT_IN_TESTS}. */
    static List<RuntimeBundle> bundles() {
        return allBundles().stream().filter(b -> !NOT_IN_TESTS.contains(b.name())).toList();
    }

    /** Every {@code felix.auto.start.N} bundle, by start level then as listed. */
    static List<RuntimeBundle> allBundles() {
        Properties p = config();
        TreeMap<Integer, String> byLevel = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith(START)) {
                byLevel.put(Integer.parseInt(key.substring(START.length())), p.getProperty(key));
            }
        }
        List<RuntimeBundle> out = new ArrayList<>();
        byLevel.forEach((level, urls) -> {
            for (String url : urls.trim().split("\\s+")) {
                String file = url.replace("\"", "");
                String name = file.substring(file.lastIndexOf('/') + 1).replaceFirst("\\.jar$", "");
                out.add(new RuntimeBundle(name, level, home().resolve("bundle").resolve(name + ".jar")));
            }
        });
        return out;
    }

    /** The beginning start level of the framework. */
    static int beginningStartLevel() {
        return Integer.parseInt(config().getProperty("org.osgi.framework.startlevel.beginning").trim());
    }

    /** The symbolic names of drivercore's own bundles (their jars are named after them). */
    static List<String> drivercoreBundles() {
        return bundles().stream().map(RuntimeBundle::name).filter(n -> n.startsWith("org.drivercore.")).toList();
    }
}
