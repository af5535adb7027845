package org.drivercore.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.felix.service.command.CommandSession;
import org.drivercore.api.DeviceRegistry;
import org.drivercore.api.MachineService;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * Real machines' trees in a running Felix, through the shell: every udev database and umockdev recording of
 * {@code ../shared/data/topologies} (where it is there), the project's own fixtures of each format, and this machine's
 * {@code /sys} (where it is there) load with {@code dc:load}; the generic bus bundle serves the buses they name and
 * the modelled driver their profiles (through Config Admin), so every device that records a driver is bound; then
 * {@code dc:compare --clock virtual} runs every strategy on each: serial, completions and dag without an ordering
 * violation, dag at its critical path.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ImportedMachinesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SHARED = Path.of("../../shared/data/topologies");
    private static final Path FIXTURES = Path.of("../bundles/topology/src/test/resources/org/drivercore/topology/imports");

    @Inject
    BundleContext context;

    @Inject
    DeviceRegistry registry;

    @Inject
    MachineService machines;

    private CommandSession session;

    @Configuration
    public Option[] config() {
        return options(ItSupport.runtime());
    }

    @Before
    public void session() {
        ItSupport.await("the four hand-written bus types", java.time.Duration.ofSeconds(20),
                () -> registry.busTypes().size() >= 4, registry::busTypes);
        session = ItSupport.gogoSession(context);
    }

    @After
    public void close() {
        session.close();
    }

    /** The fixtures, the real captures the project keeps, and what ../shared adds to them (each name once). */
    static List<Path> sources() throws IOException {
        Map<String, Path> byName = new TreeMap<>();
        for (Path dir : List.of(SHARED, FIXTURES.resolve("real"), FIXTURES)) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    files.filter(p -> Files.isRegularFile(p) && !p.getFileName().toString().endsWith(".md"))
                            .forEach(p -> byName.put(p.getFileName().toString(), p));
                }
            }
        }
        List<Path> out = new ArrayList<>(byName.values());
        if (Files.isDirectory(Path.of("/sys/devices"))) {
            out.add(Path.of("/sys"));
        }
        return out;
    }

    @Test
    public void everyRealTreeLoadsBindsAndShutsDownInOrder() throws Exception {
        List<Path> sources = sources();
        assertTrue("the project's fixtures are there: " + FIXTURES.toAbsolutePath(), sources.size() >= 9);
        for (Path source : sources) {
            String loaded = ItSupport.loadReplacingAndAwaitRecordedDriversBound(session, registry, source);
            JsonNode doc = JSON.readTree(String.valueOf(session.execute("dc:compare --clock virtual --json")));
            System.out.println(source + ": " + loaded.lines().findFirst().orElse("") + " | dag "
                    + doc.path("strategies").get(4).path("makespanMs") + " ms");
            assertEquals(doc.toString(), registry.devices().size(), doc.path("devices").asInt());
            for (JsonNode s : doc.path("strategies")) {
                String name = s.path("name").asText();
                if (List.of("serial", "completions", "dag").contains(name)) {
                    assertEquals(source + " " + name + ": " + s.path("violations"), 0, s.path("orderingViolations").asInt());
                    assertFalse(source + " " + name, s.path("deadlock").asBoolean());
                    assertEquals(source + " " + name, registry.devices().size(), s.path("outcomes").path("done").asInt());
                }
                if (name.equals("dag")) {
                    assertEquals(source + " dag at its critical path", s.path("criticalPathMs").asDouble(),
                            s.path("makespanMs").asDouble(), 0.0);
                }
            }
        }
    }
}
