package org.drivercore.topology.internal;

import java.io.IOException;
import java.io.Reader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;

import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceSpec;
import org.drivercore.api.LatencyModel;
import org.drivercore.api.EnumNames;
import org.drivercore.api.InitcallLevel;
import org.drivercore.api.LinkFlag;
import org.drivercore.api.MachineException;
import org.drivercore.api.ModelledProfile;
import org.drivercore.api.ModelledProfile.AsyncOptIn;
import org.drivercore.api.ModelledProfile.WaitMode;
import org.drivercore.api.ProbeType;
import org.drivercore.api.hardware.HardwareSpec;
import org.drivercore.topology.internal.LocatedJson.Arr;
import org.drivercore.topology.internal.LocatedJson.Member;
import org.drivercore.topology.internal.LocatedJson.Obj;
import org.drivercore.topology.internal.LocatedJson.Scalar;
import org.drivercore.topology.internal.LocatedJson.Value;
import org.drivercore.topology.internal.MachineModel.Location;

/**
 * Reads a machine file and checks everything that can be checked without the registry: syntax, keys,
 * types, latency models, duplicate paths, parent order, what creates what. Every error names
 * file:line:column and the JSON pointer. Checks against the registry (a path already registered, an
 * external parent, link cycles) are the registry's, mapped back to the file by the caller.
 */
final class MachineParser extends LocatedReader {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final Set<String> TOP_KEYS =
            Set.of("machine", "description", "linkOrder", "profiles", "hardware", "devices", "links");
    private static final Set<String> PROFILE_KEYS =
            Set.of("bus", "async", "shutdown", "seed", "wait", "pollIntervalMs", "timeoutMs", "ids", "source", "probe",
                    "initcall");
    private static final Set<String> DEVICE_KEYS =
            Set.of("path", "name", "bus", "parent", "driver", "createdByDriver", "createdBy", "properties", "hardware");
    private static final Set<String> LINK_KEYS = Set.of("supplier", "consumer", "flags");

    MachineParser(String source) {
        super(source);
    }

    /** A device entry as written, before the tree is put together. */
    private record Entry(int index, String path, String name, String bus, String explicitParent, String driver,
            boolean createdByDriver, String createdBy, Map<String, String> properties, String hardware, Obj json) {
    }

    MachineModel parse(Reader reader) {
        Value root;
        try (JsonParser p = JSON.createParser(reader)) {
            root = LocatedJson.read(p);
        } catch (LocatedJson.DuplicateKey e) {
            throw new MachineException(source, e.where.line(), e.where.column(), null, e.getMessage());
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            throw new MachineException(source, l == null ? -1 : l.getLineNr(), l == null ? -1 : l.getColumnNr(), null,
                    "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MachineException(source, "cannot read the machine file: " + e.getMessage(), e);
        }
        Obj top = object(root, "");
        keys(top, "", TOP_KEYS);
        String name = string(required(top, "", "machine"), "/machine");
        if (name.isBlank()) {
            throw error(top.members().get("machine").value(), "/machine", "the machine name is empty");
        }
        String description = optionalString(top, "", "description", "");
        Map<String, ModelledProfile> profiles = profiles(top);
        Map<String, MachineModel.Described> described = hardware(top);
        List<Entry> entries = entries(top);
        Map<String, HardwareSpec> hardware = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (e.hardware() != null) {
                MachineModel.Described d = described.get(e.hardware());
                if (d == null) {
                    throw error(e.json().members().get("hardware").value(), "/devices/" + e.index() + "/hardware",
                            "unknown hardware '" + e.hardware() + "' (described here: "
                                    + (described.isEmpty() ? "none" : String.join(", ", described.keySet())) + ")");
                }
                hardware.put(e.path(), d.spec());
            }
        }
        DeviceTree tree = tree(entries);
        List<DeviceLink> links = new ArrayList<>();
        Map<DeviceLink, Location> linkWhere = new HashMap<>();
        Member linksMember = top.members().get("links");
        if (linksMember != null) {
            Arr arr = array(linksMember.value(), "/links");
            for (int i = 0; i < arr.items().size(); i++) {
                String ptr = "/links/" + i;
                DeviceLink l = link(arr.items().get(i), ptr);
                links.add(l);
                linkWhere.put(l, location(arr.items().get(i), ptr));
            }
        }
        List<String> linkOrder = new ArrayList<>();
        Member lo = top.members().get("linkOrder");
        if (lo != null) {
            Arr arr = array(lo.value(), "/linkOrder");
            for (int i = 0; i < arr.items().size(); i++) {
                String d = string(arr.items().get(i), "/linkOrder/" + i);
                if (linkOrder.contains(d)) {
                    throw error(arr.items().get(i), "/linkOrder/" + i, "driver '" + d + "' is listed twice");
                }
                linkOrder.add(d);
            }
        } else {
            linkOrder.addAll(profiles.keySet());
        }
        return new MachineModel(source, name, description, profiles, tree.registered, tree.created, links,
                tree.where, linkWhere, hardware, described, List.copyOf(linkOrder));
    }

    // ---------------------------------------------------------------- profiles

    private Map<String, ModelledProfile> profiles(Obj top) {
        Map<String, ModelledProfile> out = new LinkedHashMap<>();
        Member m = top.members().get("profiles");
        if (m == null) {
            return out;
        }
        Obj profiles = object(m.value(), "/profiles");
        for (Member pm : profiles.members().values()) {
            String driver = pm.key();
            String ptr = "/profiles/" + escape(driver);
            if (driver.isBlank()) {
                throw error(pm.value(), ptr, "a profile needs a driver name as its key");
            }
            Obj p = object(pm.value(), ptr);
            keys(p, ptr, PROFILE_KEYS);
            String bus = string(required(p, ptr, "bus"), ptr + "/bus");
            Set<AsyncOptIn> async = parse(p, ptr, "async", ModelledProfile.DEFAULT_ASYNC,
                    text -> AsyncOptIn.parse("async", text), "");
            Optional<LatencyModel> shutdown = parse(p, ptr, "shutdown", ModelledProfile.DEFAULT_SHUTDOWN,
                    ModelledProfile::parseShutdown, ", or " + ModelledProfile.NO_SHUTDOWN + " for a driver without a shutdown callback");
            long seed = optionalLong(p, ptr, "seed", 0, Long.MIN_VALUE);
            WaitMode wait = parse(p, ptr, "wait", ModelledProfile.DEFAULT_WAIT_MODE,
                    text -> EnumNames.parse(WaitMode.class, "wait", text), "");
            long interval = optionalLong(p, ptr, "pollIntervalMs", ModelledProfile.DEFAULT_POLL_INTERVAL_MS, 1);
            long timeout = optionalLong(p, ptr, "timeoutMs", ModelledProfile.DEFAULT_TIMEOUT_MS, 1);
            List<String> ids = new ArrayList<>();
            Member idsMember = p.members().get("ids");
            if (idsMember != null) {
                Arr arr = array(idsMember.value(), ptr + "/ids");
                for (int i = 0; i < arr.items().size(); i++) {
                    ids.add(string(arr.items().get(i), ptr + "/ids/" + i));
                }
            }
            String src = optionalString(p, ptr, "source", "");
            ProbeType probe = parse(p, ptr, "probe", ModelledProfile.DEFAULT_PROBE,
                    text -> EnumNames.parse(ProbeType.class, "probe type", text), "");
            InitcallLevel initcall = parse(p, ptr, "initcall", ModelledProfile.DEFAULT_INITCALL,
                    text -> EnumNames.parse(InitcallLevel.class, "initcall level", text), "");
            out.put(driver, new ModelledProfile(driver, bus, async, shutdown, seed, wait, Duration.ofMillis(interval),
                    Duration.ofMillis(timeout), ids, src, probe, initcall));
        }
        return out;
    }

    // ---------------------------------------------------------------- hardware

    /**
     * The hardware descriptions by name: a {@code kind} and parameters, each a string, a number or a boolean, kept as
     * text; what a kind takes is the hardware service's to check.
     */
    private Map<String, MachineModel.Described> hardware(Obj top) {
        Map<String, MachineModel.Described> out = new LinkedHashMap<>();
        Member m = top.members().get("hardware");
        if (m == null) {
            return out;
        }
        for (Member hm : object(m.value(), "/hardware").members().values()) {
            String ptr = "/hardware/" + escape(hm.key());
            if (hm.key().isBlank()) {
                throw error(hm.value(), ptr, "a hardware description needs a name as its key");
            }
            Obj h = object(hm.value(), ptr);
            String kind = string(required(h, ptr, "kind"), ptr + "/kind");
            Map<String, String> params = new LinkedHashMap<>();
            for (Member p : h.members().values()) {
                if (p.key().equals("kind")) {
                    continue;
                }
                if (!(p.value() instanceof Scalar sc) || sc.value() == null) {
                    throw error(p.value(), ptr + "/" + escape(p.key()), "expected a string, a number or a boolean, found "
                            + p.value().kind());
                }
                params.put(p.key(), String.valueOf(sc.value()));
            }
            out.put(hm.key(), new MachineModel.Described(new HardwareSpec(hm.key(), kind, params), location(hm.value(), ptr)));
        }
        return out;
    }

    // ---------------------------------------------------------------- devices

    private List<Entry> entries(Obj top) {
        Arr arr = array(required(top, "", "devices"), "/devices");
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < arr.items().size(); i++) {
            String ptr = "/devices/" + i;
            Obj d = object(arr.items().get(i), ptr);
            keys(d, ptr, DEVICE_KEYS);
            String path = string(required(d, ptr, "path"), ptr + "/path");
            Map<String, String> props = new LinkedHashMap<>();
            Member pm = d.members().get("properties");
            if (pm != null) {
                Obj po = object(pm.value(), ptr + "/properties");
                for (Member m : po.members().values()) {
                    props.put(m.key(), string(m.value(), ptr + "/properties/" + escape(m.key())));
                }
            }
            Member created = d.members().get("createdByDriver");
            String createdBy = optionalString(d, ptr, "createdBy", null);
            boolean createdByDriver = created != null ? bool(created.value(), ptr + "/createdByDriver") : createdBy != null;
            if (createdBy != null && !createdByDriver) {
                throw error(created.value(), ptr + "/createdByDriver", "'createdBy' names the device whose driver creates '"
                        + path + "', so 'createdByDriver' cannot be false (leave it out, or drop 'createdBy')");
            }
            entries.add(new Entry(i, path, optionalString(d, ptr, "name", null), optionalString(d, ptr, "bus", null),
                    optionalString(d, ptr, "parent", null), optionalString(d, ptr, "driver", null), createdByDriver,
                    createdBy, props, optionalString(d, ptr, "hardware", null), d));
        }
        return entries;
    }

    private static final class DeviceTree {
        final List<DeviceSpec> registered = new ArrayList<>();
        final List<String> created = new ArrayList<>();
        final Map<String, Location> where = new LinkedHashMap<>();
    }

    /** Resolves parents within the file, finds each created device's creator, and builds the specs. */
    private DeviceTree tree(List<Entry> entries) {
        DeviceTree tree = new DeviceTree();
        Map<String, Entry> byPath = new HashMap<>();
        Map<Entry, Entry> parentInFile = new HashMap<>();
        Map<Entry, String> parentPath = new HashMap<>();
        resolveParents(entries, tree, byPath, parentInFile, parentPath);
        Map<Entry, List<Entry>> createdBy = creators(entries, byPath, parentInFile);
        buildSpecs(entries, tree, createdBy, parentPath);
        return tree;
    }

    /** Each entry's parent: the one it names (which must come before it), else the nearest ancestor path in the file. */
    private void resolveParents(List<Entry> entries, DeviceTree tree, Map<String, Entry> byPath,
            Map<Entry, Entry> parentInFile, Map<Entry, String> parentPath) {
        for (Entry e : entries) {
            String ptr = "/devices/" + e.index();
            Entry first = byPath.putIfAbsent(e.path(), e);
            if (first != null) {
                throw error(e.json().members().get("path").value(), ptr + "/path", "duplicate path '" + e.path()
                        + "': the device at /devices/" + first.index() + " (line " + first.json().where().line()
                        + ") has the same path");
            }
            tree.where.put(e.path(), location(e.json(), ptr));
            Entry parent = null;
            if (e.explicitParent() != null) {
                parent = byPath.get(e.explicitParent());
                if (parent == e) {
                    throw error(e.json().members().get("parent").value(), ptr + "/parent", "a device cannot be its own parent");
                }
                if (parent == null && entries.stream().anyMatch(x -> x.path().equals(e.explicitParent()))) {
                    throw error(e.json().members().get("parent").value(), ptr + "/parent", "parent '" + e.explicitParent()
                            + "' comes later in the file; a parent must come before its children");
                }
                parentPath.put(e, e.explicitParent());
            } else {
                for (int slash = e.path().lastIndexOf('/'); slash > 0 && parent == null;
                        slash = e.path().lastIndexOf('/', slash - 1)) {
                    parent = byPath.get(e.path().substring(0, slash));
                }
                if (parent != null) {
                    parentPath.put(e, parent.path());
                }
            }
            if (parent != null) {
                parentInFile.put(e, parent);
            }
        }
    }

    /**
     * Who creates each created device: the one 'createdBy' names, else the nearest ancestor in the file that records a
     * driver; by creator, in file order.
     */
    private Map<Entry, List<Entry>> creators(List<Entry> entries, Map<String, Entry> byPath, Map<Entry, Entry> parentInFile) {
        Map<Entry, Entry> creator = new HashMap<>();
        Map<Entry, List<Entry>> createdBy = new HashMap<>();
        for (Entry e : entries) {
            if (!e.createdByDriver()) {
                continue;
            }
            Entry parent = parentInFile.get(e);
            Entry c;
            String ptr;
            Value where;
            if (e.createdBy() != null) {
                ptr = "/devices/" + e.index() + "/createdBy";
                where = e.json().members().get("createdBy").value();
                c = byPath.get(e.createdBy());
                if (c == e) {
                    throw error(where, ptr, "a device cannot create itself");
                }
                if (c == null || c.index() >= e.index()) {
                    throw error(where, ptr, "creator '" + e.createdBy() + "' " + (c == null ? "is not a device in the file"
                            : "comes later in the file; a creator must come before the devices it creates"));
                }
                if (c.driver() == null) {
                    throw error(where, ptr, "creator '" + c.path() + "' records no driver, so nothing binds it to create '"
                            + e.path() + "'");
                }
                // The parent must exist when the creator probes: the creator, one of its ancestors (as a hub's
                // driver creates child devices under the hub's USB device), or a device the same creator made.
                if (parent == null || !(parent == c || isAncestor(parent, c, parentInFile)
                        || (parent.createdByDriver() && creator.get(parent) == c))) {
                    throw error(where, ptr, "'" + e.path() + "' is created by the driver of '" + c.path() + "' but its parent '"
                            + (parent == null ? "(none)" : parent.path())
                            + "' is neither that device, nor one of its ancestors, nor created by the same driver");
                }
            } else {
                ptr = "/devices/" + e.index() + "/createdByDriver";
                where = e.json().members().get("createdByDriver").value();
                c = parent;
                while (c != null && c.driver() == null) {
                    c = parentInFile.get(c);
                }
                if (c == null) {
                    throw error(where, ptr, "no ancestor of '" + e.path() + "' in the file records a driver that could create it");
                }
                if (parent != c && !(parent.createdByDriver() && creator.get(parent) == c)) {
                    throw error(where, ptr, "'" + e.path() + "' would be created by the driver of '" + c.path()
                            + "' but its parent '" + parent.path() + "' is neither that device nor created by the same driver"
                            + " (name the creator with 'createdBy')");
                }
            }
            creator.put(e, c);
            createdBy.computeIfAbsent(c, k -> new ArrayList<>()).add(e);
        }
        return createdBy;
    }

    /** The specs, each created device hung below its creator as a probe child; the rest registered directly. */
    private static void buildSpecs(List<Entry> entries, DeviceTree tree, Map<Entry, List<Entry>> createdBy,
            Map<Entry, String> parentPath) {
        // Build specs from the last entry back, so that every created device's spec exists before its creator's.
        Map<Entry, DeviceSpec> specs = new HashMap<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry e = entries.get(i);
            List<DeviceSpec> children = new ArrayList<>();
            for (Entry child : createdBy.getOrDefault(e, List.of())) {
                children.add(specs.get(child));
            }
            specs.put(e, DeviceSpec.builder(e.path()).name(e.name()).bus(e.bus()).parent(parentPath.get(e))
                    .properties(e.properties()).driver(e.driver()).probeChildren(children).build());
        }
        for (Entry e : entries) {
            if (e.createdByDriver()) {
                tree.created.add(e.path());
            } else {
                tree.registered.add(specs.get(e));
            }
        }
    }

    /** Whether {@code ancestor} is above {@code device} in the file's tree. */
    private static boolean isAncestor(Entry ancestor, Entry device, Map<Entry, Entry> parentInFile) {
        for (Entry p = parentInFile.get(device); p != null; p = parentInFile.get(p)) {
            if (p == ancestor) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- links

    private DeviceLink link(Value v, String ptr) {
        Obj o = object(v, ptr);
        keys(o, ptr, LINK_KEYS);
        String supplier = string(required(o, ptr, "supplier"), ptr + "/supplier");
        String consumer = string(required(o, ptr, "consumer"), ptr + "/consumer");
        Set<LinkFlag> flags = EnumSet.noneOf(LinkFlag.class);
        Member fm = o.members().get("flags");
        if (fm != null) {
            Arr arr = array(fm.value(), ptr + "/flags");
            for (int i = 0; i < arr.items().size(); i++) {
                String text = string(arr.items().get(i), ptr + "/flags/" + i);
                try {
                    flags.add(LinkFlag.parse(text));
                } catch (IllegalArgumentException e) {
                    throw error(arr.items().get(i), ptr + "/flags/" + i, e.getMessage());
                }
            }
        }
        return new DeviceLink(supplier, consumer, Collections.unmodifiableSet(flags));
    }
}
