package org.drivercore.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.drivercore.api.Device;
import org.drivercore.api.DeviceState;
import org.drivercore.api.LoadedMachine;
import org.drivercore.api.DeviceRegistry;
import org.drivercore.core.internal.RegistryFixture;
import org.drivercore.topology.internal.MachineLoaderTest.CreatingDriver;
import org.junit.jupiter.api.Test;

/** The embedded default machine loads whole and binds whole with a driver for each of its profiles. */
class DefaultMachineTest {

    @Test
    void defaultMachineLoadsAndEveryDeviceWithARecordedDriverBinds() throws Exception {
        MachineModel model;
        try (Reader r = new InputStreamReader(
                MachineLoader.class.getResourceAsStream("/org/drivercore/topology/default-machine.json"), StandardCharsets.UTF_8)) {
            model = new MachineParser("default").parse(r);
        }
        RegistryFixture fixture = new RegistryFixture();
        DeviceRegistry registry = fixture.registry();
        for (String bus : List.of("pci", "usb", "scsi", "platform")) {
            fixture.busType(() -> bus);
        }
        model.profiles().values().forEach(p -> fixture.driver(new CreatingDriver(p.driver(), p.bus())));

        LoadedMachine m = new MachineLoader(registry, null, Duration.ZERO).loadDefault(false);

        assertThat(m.name()).isEqualTo("storage-server");
        List<Device> devices = registry.devices();
        assertThat(devices).hasSize(m.devices() + m.createdByDrivers());
        assertThat(devices).filteredOn(d -> d.recordedDriver().isPresent())
                .allSatisfy(d -> assertThat(d.state()).as(d.path()).isEqualTo(DeviceState.BOUND));
        assertThat(devices).filteredOn(d -> d.driver().equals(Optional.of("nvme"))).hasSize(16);
        assertThat(devices).filteredOn(d -> d.name().matches("nvme\\d+n1")).hasSize(16);
        assertThat(model.profiles().get("nvme").source()).contains("20220517220816.1635044-1-tansuresh@google.com");
        assertThat(registry.links()).isNotEmpty();
        // Linux's invariant after every rule applied: a parent precedes its children in the list.
        Map<String, Integer> index = new java.util.HashMap<>();
        for (int i = 0; i < devices.size(); i++) {
            index.put(devices.get(i).path(), i);
        }
        assertThat(devices).allSatisfy(d -> d.parent().ifPresent(
                p -> assertThat(index.get(p.path())).as(d.path()).isLessThan(index.get(d.path()))));
        assertThat(m.devices()).isEqualTo(63);
        assertThat(m.createdByDrivers()).isEqualTo(78);
        assertThat(registry.device("/devices/platform/MSFT0101:00/tpm/tpm0").orElseThrow().deviceClass()).hasValue("tpm");

        // The hub driver creates the USB child devices (createdBy): when it goes, they go with their subtrees.
        String usb1 = "/devices/pci0000:00/0000:00:14.0/usb1";
        org.drivercore.api.Driver hub = registry.drivers().stream().filter(d -> d.name().equals("hub")).findFirst().orElseThrow();
        fixture.removeDriver(hub);
        assertThat(registry.devices()).extracting(Device::path).filteredOn(p -> p.startsWith(usb1 + "/"))
                .containsExactly(usb1 + "/1-0:1.0");
        fixture.driver(hub);
        assertThat(registry.devices()).hasSize(devices.size());
        assertThat(registry.devices()).filteredOn(d -> d.recordedDriver().isPresent())
                .allSatisfy(d -> assertThat(d.state()).as(d.path()).isEqualTo(DeviceState.BOUND));
    }
}
