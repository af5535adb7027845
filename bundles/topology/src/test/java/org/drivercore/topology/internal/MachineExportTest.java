package org.drivercore.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.drivercore.api.Device;
import org.drivercore.api.MachineException;
import org.drivercore.topology.internal.json.MachineWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An imported machine written as a machine file reads back to the same machine and boots the same. */
class MachineExportTest {

    @TempDir
    Path dir;

    @Test
    void anImportWrittenAsAMachineFileBootsTheSame() throws IOException {
        for (String fixture : List.of("old-generation.exportdb", "devlinks.exportdb", "usb-stick.umockdev",
                "systemd-257.exportdb", "duplicates-and-stray.exportdb")) {
            MachineDraft imported = MachineSources.read(MachineSourcesTest.copy(dir, fixture, fixture));
            Path json = dir.resolve(fixture + ".json");
            MachineWriter.write(imported, json, false);
            MachineDraft read = MachineSources.read(json);
            assertThat(read.format()).isEqualTo(MachineFormat.MACHINE_JSON);
            assertThat(read.name()).isEqualTo(imported.name());
            assertThat(read.buses()).isEqualTo(imported.buses());
            // Latency models have no equals(): compare profiles as their configurations.
            assertThat(properties(read)).as(fixture).isEqualTo(properties(imported));
            assertThat(read.hardware().keySet()).isEqualTo(imported.hardware().keySet());
            assertThat(read.linkOrder()).isEqualTo(imported.linkOrder());
            assertThat(read.links().stream().map(MachineDraft.Link::link).toList())
                    .isEqualTo(imported.links().stream().map(MachineDraft.Link::link).toList());

            RealRuntime a = new RealRuntime();
            a.load(imported);
            RealRuntime b = new RealRuntime();
            b.load(read);
            assertThat(snapshot(b)).as(fixture).isEqualTo(snapshot(a));
        }
    }

    private static java.util.Map<String, java.util.Map<String, Object>> properties(MachineDraft d) {
        java.util.Map<String, java.util.Map<String, Object>> out = new java.util.LinkedHashMap<>();
        d.profiles().forEach((k, p) -> {
            java.util.Map<String, Object> props = new java.util.LinkedHashMap<>(p.toProperties("m"));
            props.put("ids", java.util.List.of((String[]) props.get("ids")));
            out.put(k, props);
        });
        return out;
    }

    private static List<String> snapshot(RealRuntime r) {
        return r.registry.devices().stream().map(d -> d.path() + " " + d.state() + " " + d.driver().orElse("-") + " "
                + d.parent().map(Device::path).orElse("-") + " " + d.matchDriver()).toList();
    }

    @Test
    void anExistingFileIsReplacedOnlyWhenAsked() throws IOException {
        MachineDraft imported = MachineSources.read(MachineSourcesTest.copy(dir, "systemd-257.exportdb", "s"));
        Path json = Files.writeString(dir.resolve("m.json"), "keep");
        assertThatThrownBy(() -> MachineWriter.write(imported, json, false)).isInstanceOf(MachineException.class)
                .hasMessage(json + ": the file exists (--force replaces it)");
        assertThat(Files.readString(json)).isEqualTo("keep");
        MachineWriter.write(imported, json, true);
        assertThat(Files.readString(json)).startsWith("{");
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".export-"));
    }

    /** Through the machine service: the load says what it was, and what was loaded is what export writes. */
    @Test
    void theServiceExportsTheMachineItLoadedLast() throws IOException {
        RealRuntime runtime = new RealRuntime();
        Path out = dir.resolve("out.json");
        assertThatThrownBy(() -> runtime.loader.export(out, false)).isInstanceOf(MachineException.class)
                .hasMessage(out + ": no machine is loaded: nothing to export");
        var loaded = runtime.load(MachineSources.read(MachineSourcesTest.copy(dir, "old-generation.exportdb", "q.db")));
        assertThat(loaded.format()).isEqualTo("udevadm export-db");
        assertThat(loaded.buses()).containsExactly("cpu", "acpi", "virtio");
        assertThat(loaded.defaultedDrivers()).containsExactlyInAnyOrder("button", "processor");
        runtime.loader.export(out, false);
        assertThat(MachineSources.read(out).name()).isEqualTo(loaded.name());
    }

}
