package org.drivercore.topology.internal.json;

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
import org.drivercore.api.EnumNames;
import org.drivercore.api.InitcallLevel;
import org.drivercore.api.LatencyModel;
import org.drivercore.api.LinkFlag;
import org.drivercore.api.MachineException;
import org.drivercore.api.ModelledProfile;
import org.drivercore.api.ModelledProfile.AsyncOptIn;
import org.drivercore.api.ModelledProfile.WaitMode;
import org.drivercore.api.ProbeType;
import org.drivercore.api.hardware.HardwareSpec;
import org.drivercore.topology.internal.MachineDraft;
import org.drivercore.topology.internal.MachineFormat;
import org.drivercore.topology.internal.MachineModel;
import org.drivercore.topology.internal.MachineModel.Location;
import org.drivercore.topology.internal.json.LocatedJson.Arr;
import org.drivercore.topology.internal.json.LocatedJson.Member;
import org.drivercore.topology.internal.json.LocatedJson.Obj;
import org.drivercore.topology.internal.json.LocatedJson.Scalar;
import org.drivercore.topology.internal.json.LocatedJson.Value;

/**
 * Reads a machine file and checks everything that can be checked without the registry: syntax, keys,
 * types, latency models, duplicate paths, parent order, what creates what. Every error names
 * file:line:column and the JSON pointer. Checks against the registry (a path already registered, an
 * external parent, link cycles) are the registry's, mapped back to the file by the caller.
 */
public final class MachineParser extends LocatedReader {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final Set<String> TOP_KEYS =
            Set.of("machine", "description", "buses", "linkOrder", "profiles", "hardware", "devices", "links");
    private static final Set<String> PROFILE_KEYS =
            Set.of("name", "bus", "async", "shutdown", "seed", "wait", "pollIntervalMs", "timeoutMs", "ids", "source",
                    "probe", "initcall");
    private static final Set<String> DEVICE_KEYS =
            Set.of("path", "name", "bus", "parent", "driver", "createdByDriver", "createdBy", "properties", "hardware",
                    "matchDriver");
    private static final Set<String> LINK_KEYS = Set.of("supplier", "consumer", "flags");

    public MachineParser(String source) {
        super(source);
    }

    public MachineDraft parse(Reader reader) {
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
        List<MachineDraft.Entry> entries = entries(top);
        List<MachineDraft.Link> links = new ArrayList<>();
        Member linksMember = top.members().get("links");
        if (linksMember != null) {
            Arr arr = array(linksMember.value(), "/links");
            for (int i = 0; i < arr.items().size(); i++) {
                String ptr = "/links/" + i;
                links.add(new MachineDraft.Link(link(arr.items().get(i), ptr), location(arr.items().get(i), ptr)));
            }
        }
        return new MachineDraft(source, MachineFormat.MACHINE_JSON, name, description, names(top, "buses", "bus"),
                profiles, described, entries, links, names(top, "linkOrder", "driver"), List.of(), List.of());
    }

    /** An optional array of distinct names. */
    private List<String> names(Obj top, String key, String what) {
        List<String> out = new ArrayList<>();
        Member m = top.members().get(key);
        if (m == null) {
            return out;
        }
        Arr arr = array(m.value(), "/" + key);
        for (int i = 0; i < arr.items().size(); i++) {
            String n = string(arr.items().get(i), "/" + key + "/" + i);
            if (n.isBlank()) {
                throw error(arr.items().get(i), "/" + key + "/" + i, "a " + what + " name cannot be empty");
            }
            if (out.contains(n)) {
                throw error(arr.items().get(i), "/" + key + "/" + i, what + " '" + n + "' is listed twice");
            }
            out.add(n);
        }
        return out;
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
            // The key names the driver, unless two buses have drivers of that name: then "name" does.
            String name = optionalString(p, ptr, "name", driver);
            out.put(driver, new ModelledProfile(name, bus, async, shutdown, seed, wait, Duration.ofMillis(interval),
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

    private List<MachineDraft.Entry> entries(Obj top) {
        Arr arr = array(required(top, "", "devices"), "/devices");
        List<MachineDraft.Entry> entries = new ArrayList<>();
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
            Map<String, Location> keyWhere = new HashMap<>();
            for (Member m : d.members().values()) {
                keyWhere.put(m.key(), location(m.value(), ptr + "/" + escape(m.key())));
            }
            entries.add(new MachineDraft.Entry(path, optionalString(d, ptr, "name", null),
                    optionalString(d, ptr, "bus", null), optionalString(d, ptr, "parent", null),
                    optionalString(d, ptr, "driver", null), createdByDriver, createdBy, props,
                    optionalString(d, ptr, "hardware", null), matchDriver(d, ptr), location(d, ptr), keyWhere));
        }
        return entries;
    }

    private boolean matchDriver(Obj d, String ptr) {
        Member m = d.members().get("matchDriver");
        return m == null || bool(m.value(), ptr + "/matchDriver");
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
