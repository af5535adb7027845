package org.drivercore.topology.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceSpec;
import org.drivercore.api.MachineException;
import org.drivercore.api.hardware.HardwareSpec;
import org.drivercore.topology.internal.MachineDraft.Entry;
import org.drivercore.topology.internal.MachineModel.Location;

/**
 * Puts a draft's tree together (entries are keyed by identity: two entries are never the same device) and checks what can be checked without the registry: duplicate paths, parent order,
 * what creates what, hardware names. Every error names the source's place. Checks against the registry (a path
 * already registered, an external parent, link cycles) are the registry's, mapped back to the source by the loader.
 */
public final class MachineAssembler {

    private final MachineDraft draft;
    private final List<DeviceSpec> registered = new ArrayList<>();
    private final List<String> created = new ArrayList<>();
    private final Map<String, Location> where = new LinkedHashMap<>();

    private MachineAssembler(MachineDraft draft) {
        this.draft = draft;
    }

    public static MachineModel assemble(MachineDraft draft) {
        return new MachineAssembler(draft).model();
    }

    private MachineModel model() {
        List<Entry> entries = draft.devices();
        Map<String, HardwareSpec> hardware = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (e.hardware() != null) {
                MachineModel.Described d = draft.hardware().get(e.hardware());
                if (d == null) {
                    throw error(e.at("hardware"), "unknown hardware '" + e.hardware() + "' (described here: "
                            + (draft.hardware().isEmpty() ? "none" : String.join(", ", draft.hardware().keySet())) + ")");
                }
                hardware.put(e.path(), d.spec());
            }
        }
        Map<String, Entry> byPath = new HashMap<>();
        Map<Entry, Entry> parentInFile = new IdentityHashMap<>();
        Map<Entry, String> parentPath = new IdentityHashMap<>();
        resolveParents(entries, byPath, parentInFile, parentPath);
        Map<Entry, List<Entry>> createdBy = creators(entries, byPath, parentInFile);
        buildSpecs(entries, createdBy, parentPath);
        List<DeviceLink> links = new ArrayList<>();
        Map<DeviceLink, Location> linkWhere = new HashMap<>();
        for (MachineDraft.Link l : draft.links()) {
            links.add(l.link());
            linkWhere.put(l.link(), l.where());
        }
        List<String> linkOrder = draft.linkOrder().isEmpty() ? List.copyOf(draft.profiles().keySet()) : draft.linkOrder();
        return new MachineModel(draft, List.copyOf(registered), List.copyOf(created), List.copyOf(links), where,
                linkWhere, hardware, linkOrder);
    }

    /** Each entry's parent: the one it names (which must come before it), else the nearest ancestor path in the file. */
    private void resolveParents(List<Entry> entries, Map<String, Entry> byPath, Map<Entry, Entry> parentInFile,
            Map<Entry, String> parentPath) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            index.putIfAbsent(entries.get(i).path(), i);
        }
        for (Entry e : entries) {
            Entry first = byPath.putIfAbsent(e.path(), e);
            if (first != null) {
                throw error(e.at("path"), "duplicate path '" + e.path() + "': the device at " + first.where().pointer()
                        + " (line " + first.where().line() + ") has the same path");
            }
            where.put(e.path(), e.where());
            Entry parent = null;
            if (e.parent() != null) {
                parent = byPath.get(e.parent());
                if (parent == e) {
                    throw error(e.at("parent"), "a device cannot be its own parent");
                }
                if (parent == null && index.containsKey(e.parent())) {
                    throw error(e.at("parent"), "parent '" + e.parent()
                            + "' comes later in the file; a parent must come before its children");
                }
                parentPath.put(e, e.parent());
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
        Map<Entry, Entry> creator = new IdentityHashMap<>();
        Map<Entry, Integer> order = new IdentityHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            order.put(entries.get(i), i);
        }
        Map<Entry, List<Entry>> createdBy = new IdentityHashMap<>();
        for (Entry e : entries) {
            if (!e.createdByDriver()) {
                continue;
            }
            Entry parent = parentInFile.get(e);
            Entry c;
            if (e.createdBy() != null) {
                Location at = e.at("createdBy");
                c = byPath.get(e.createdBy());
                if (c == e) {
                    throw error(at, "a device cannot create itself");
                }
                if (c == null || order.get(c) >= order.get(e)) {
                    throw error(at, "creator '" + e.createdBy() + "' " + (c == null ? "is not a device in the file"
                            : "comes later in the file; a creator must come before the devices it creates"));
                }
                if (c.driver() == null) {
                    throw error(at, "creator '" + c.path() + "' records no driver, so nothing binds it to create '"
                            + e.path() + "'");
                }
                // The parent must exist when the creator probes: the creator, one of its ancestors (as a hub's
                // driver creates child devices under the hub's USB device), or a device the same creator made.
                if (parent == null || !(parent == c || isAncestor(parent, c, parentInFile)
                        || (parent.createdByDriver() && creator.get(parent) == c))) {
                    throw error(at, "'" + e.path() + "' is created by the driver of '" + c.path() + "' but its parent '"
                            + (parent == null ? "(none)" : parent.path())
                            + "' is neither that device, nor one of its ancestors, nor created by the same driver");
                }
            } else {
                Location at = e.at("createdByDriver");
                c = parent;
                while (c != null && c.driver() == null) {
                    c = parentInFile.get(c);
                }
                if (c == null) {
                    throw error(at, "no ancestor of '" + e.path() + "' in the file records a driver that could create it");
                }
                if (parent != c && !(parent.createdByDriver() && creator.get(parent) == c)) {
                    throw error(at, "'" + e.path() + "' would be created by the driver of '" + c.path()
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
    private void buildSpecs(List<Entry> entries, Map<Entry, List<Entry>> createdBy, Map<Entry, String> parentPath) {
        // Build specs from the last entry back, so that every created device's spec exists before its creator's.
        Map<Entry, DeviceSpec> specs = new IdentityHashMap<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry e = entries.get(i);
            List<DeviceSpec> children = new ArrayList<>();
            for (Entry child : createdBy.getOrDefault(e, List.of())) {
                children.add(specs.get(child));
            }
            specs.put(e, DeviceSpec.builder(e.path()).name(e.name()).bus(e.bus()).parent(parentPath.get(e))
                    .properties(e.properties()).driver(e.driver()).probeChildren(children).matchDriver(e.matchDriver()).build());
        }
        for (Entry e : entries) {
            if (e.createdByDriver()) {
                created.add(e.path());
            } else {
                registered.add(specs.get(e));
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

    private MachineException error(Location at, String message) {
        return new MachineException(draft.source(), at.line(), at.column(), at.pointer(), message);
    }
}
