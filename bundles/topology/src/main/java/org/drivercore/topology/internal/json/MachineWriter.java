package org.drivercore.topology.internal.json;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import org.drivercore.api.DeviceLink;
import org.drivercore.api.EnumNames;
import org.drivercore.api.LatencyModel;
import org.drivercore.api.LinkFlag;
import org.drivercore.api.MachineException;
import org.drivercore.api.ModelledProfile;
import org.drivercore.topology.internal.MachineDraft;
import org.drivercore.topology.internal.MachineModel;

/**
 * Writes a draft as a machine file (docs/machine-format.md) that {@link MachineParser} reads back to the same draft:
 * an imported tree becomes a file a user can read and edit. Defaults are written too, so that nothing depends on
 * drivercore's version to mean the same.
 */
public final class MachineWriter {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private MachineWriter() {
    }

    /** Writes the file whole or not at all (a temporary file moved into place). */
    public static void write(MachineDraft draft, Path file, boolean overwrite) {
        if (!overwrite && Files.exists(file)) {
            throw new MachineException(file.toString(), -1, -1, null, "the file exists (--force replaces it)");
        }
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, ".export-", ".json");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                write(draft, w);
            }
            if (overwrite) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            }
            tmp = null;
        } catch (FileAlreadyExistsException e) {
            throw new MachineException(file.toString(), -1, -1, null, "the file exists (--force replaces it)");
        } catch (IOException e) {
            throw new MachineException(file.toString(), "cannot write: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // The temporary file is all that is left behind; the target is untouched.
                }
            }
        }
    }

    static void write(MachineDraft d, Writer out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("machine", d.name());
            g.writeStringField("description", d.description());
            strings(g, "buses", d.buses());
            strings(g, "linkOrder", d.linkOrder());
            g.writeObjectFieldStart("profiles");
            for (Map.Entry<String, ModelledProfile> e : d.profiles().entrySet()) {
                profile(g, e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeObjectFieldStart("hardware");
            for (Map.Entry<String, MachineModel.Described> e : d.hardware().entrySet()) {
                g.writeObjectFieldStart(e.getKey());
                g.writeStringField("kind", e.getValue().spec().kind());
                for (Map.Entry<String, String> p : e.getValue().spec().params().entrySet()) {
                    g.writeStringField(p.getKey(), p.getValue());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeArrayFieldStart("devices");
            for (MachineDraft.Entry e : d.devices()) {
                device(g, e);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("links");
            for (MachineDraft.Link l : d.links()) {
                link(g, l.link());
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    private static void strings(JsonGenerator g, String key, java.util.List<String> values) throws IOException {
        if (values.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart(key);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static void profile(JsonGenerator g, String key, ModelledProfile p) throws IOException {
        g.writeObjectFieldStart(key);
        if (!p.driver().equals(key)) {
            g.writeStringField("name", p.driver());
        }
        g.writeStringField("bus", p.bus());
        g.writeStringField("async", ModelledProfile.AsyncOptIn.external(p.async()));
        g.writeStringField("shutdown", p.shutdown().map(LatencyModel::toString).orElse(ModelledProfile.NO_SHUTDOWN));
        g.writeNumberField("seed", p.seed());
        g.writeStringField("wait", EnumNames.external(p.waitMode()));
        g.writeNumberField("pollIntervalMs", p.pollInterval().toMillis());
        g.writeNumberField("timeoutMs", p.timeout().toMillis());
        strings(g, "ids", p.ids());
        if (!p.source().isEmpty()) {
            g.writeStringField("source", p.source());
        }
        g.writeStringField("probe", EnumNames.external(p.probe()));
        g.writeStringField("initcall", EnumNames.external(p.initcall()));
        g.writeEndObject();
    }

    private static void device(JsonGenerator g, MachineDraft.Entry e) throws IOException {
        g.writeStartObject();
        g.writeStringField("path", e.path());
        optional(g, "name", e.name());
        optional(g, "bus", e.bus());
        optional(g, "parent", e.parent());
        optional(g, "driver", e.driver());
        if (e.createdBy() != null) {
            g.writeStringField("createdBy", e.createdBy());
        } else if (e.createdByDriver()) {
            g.writeBooleanField("createdByDriver", true);
        }
        optional(g, "hardware", e.hardware());
        if (!e.matchDriver()) {
            g.writeBooleanField("matchDriver", false);
        }
        if (!e.properties().isEmpty()) {
            g.writeObjectFieldStart("properties");
            for (Map.Entry<String, String> p : e.properties().entrySet()) {
                g.writeStringField(p.getKey(), p.getValue());
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void link(JsonGenerator g, DeviceLink l) throws IOException {
        g.writeStartObject();
        g.writeStringField("supplier", l.supplierPath());
        g.writeStringField("consumer", l.consumerPath());
        g.writeArrayFieldStart("flags");
        for (LinkFlag f : l.flags()) {
            g.writeString(f.externalName());
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void optional(JsonGenerator g, String key, String value) throws IOException {
        if (value != null) {
            g.writeStringField(key, value);
        }
    }
}
