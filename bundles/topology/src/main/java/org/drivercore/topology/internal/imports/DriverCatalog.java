package org.drivercore.topology.internal.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.drivercore.api.ModelledProfile;
import org.drivercore.topology.internal.MachineDraft;
import org.drivercore.topology.internal.MachineModel;
import org.drivercore.topology.internal.json.MachineParser;

/**
 * What drivercore knows of common Linux drivers, for imported machines: the file {@code linux-drivers.json} beside
 * this class, a machine file without devices (so it is read and checked as one). Its {@code profiles} are the latency
 * profiles of drivers the modelled driver stands in for, each with its source or marked as an estimate; the profile
 * keyed {@value #DEFAULT} is what a driver not listed gets. Its {@code hardware}, keyed by driver name, is what the
 * driver bundles that drive emulated hardware are given behind each device they bind. Its {@code linkOrder} is the
 * order in which Linux links the drivers into the kernel, which orders their registration within an initcall level.
 */
public final class DriverCatalog {

    /** The key of the profile a driver not in the catalog gets. */
    public static final String DEFAULT = "*";
    static final String FILE = "linux-drivers.json";
    private static final DriverCatalog LINUX = load();

    private final MachineDraft catalog;

    private DriverCatalog(MachineDraft catalog) {
        this.catalog = catalog;
        if (!catalog.profiles().containsKey(DEFAULT)) {
            throw new IllegalStateException(FILE + " has no default profile ('" + DEFAULT + "')");
        }
    }

    public static DriverCatalog linux() {
        return LINUX;
    }

    /** The profile of a driver the catalog knows. */
    public Optional<ModelledProfile> profile(String driver) {
        return driver.equals(DEFAULT) ? Optional.empty() : Optional.ofNullable(catalog.profiles().get(driver));
    }

    /** The profile a driver the catalog does not know gets. */
    public ModelledProfile defaultProfile() {
        return catalog.profiles().get(DEFAULT);
    }

    /** The hardware a driver bundle drives behind each device it binds, for the drivers that need it. */
    public Optional<MachineModel.Described> hardware(String driver) {
        return Optional.ofNullable(catalog.hardware().get(driver));
    }

    /** Linux's link order of the drivers the catalog knows. */
    public List<String> linkOrder() {
        return catalog.linkOrder();
    }

    private static DriverCatalog load() {
        InputStream in = DriverCatalog.class.getResourceAsStream(FILE);
        if (in == null) {
            throw new IllegalStateException(FILE + " is missing from the topology bundle");
        }
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return new DriverCatalog(new MachineParser("embedded:" + FILE).parse(r));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
