package org.drivercore.topology.internal.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.drivercore.api.DeviceLink;
import org.drivercore.api.LinkFlag;
import org.drivercore.api.ModelledProfile;
import org.drivercore.topology.internal.MachineDraft;
import org.drivercore.topology.internal.udev.DeviceRecords;
import org.drivercore.topology.internal.udev.ExportDbReader;
import org.drivercore.topology.internal.udev.UmockdevReader;
import org.junit.jupiter.api.Test;

/** The rules that turn a real machine's records into a machine: buses, parents, creators, order, drivers, links. */
class TreeImporterTest {

    private static final String PIIX = "/devices/pci0000:00/0000:00:01.1";

    static MachineDraft imported(String fixture) throws IOException {
        try (InputStream in = TreeImporterTest.class.getResourceAsStream("/org/drivercore/topology/imports/" + fixture)) {
            DeviceRecords r = fixture.endsWith(".umockdev") ? UmockdevReader.read(fixture, in) : ExportDbReader.read(fixture, in);
            return TreeImporter.importTree(r, fixture);
        }
    }

    static Map<String, MachineDraft.Entry> entries(MachineDraft d) {
        return d.devices().stream().collect(Collectors.toMap(MachineDraft.Entry::path, Function.identity()));
    }

    @Test
    void busesAndClassesFollowLinuxsTableAndWhereAClassDeviceSits() throws IOException {
        Map<String, MachineDraft.Entry> e = entries(imported("old-generation.exportdb"));
        assertThat(e.get(PIIX).bus()).isEqualTo("pci");
        assertThat(e.get(PIIX + "/ata1/host0").bus()).isEqualTo("scsi");
        assertThat(e.get("/devices/LNXSYSTM:00/LNXPWRBN:00").bus()).isEqualTo("acpi");
        assertThat(e.get("/devices/system/cpu/cpu0").bus()).isEqualTo("cpu");
        // Classes: no bus, their SUBSYSTEM kept.
        assertThat(e.get(PIIX + "/ata1/host0/target0:0:0/0:0:0:0/block/sda").bus()).isNull();
        assertThat(e.get(PIIX + "/ata1/ata_port/ata1").bus()).isNull();
        assertThat(e.get("/devices/virtual/mem/null").properties()).containsEntry("SUBSYSTEM", "mem");
    }

    @Test
    void aNameThatIsBothABusAndAClassIsTheClassInItsGlueDirectory() throws IOException {
        DeviceRecords r = ExportDbReader.read("t", new java.io.ByteArrayInputStream("""
                P: /devices/platform/firmware:optee
                E: SUBSYSTEM=platform
                E: DRIVER=optee

                P: /devices/platform/firmware:optee/tee/tee0
                E: SUBSYSTEM=tee

                P: /devices/optee-ta-f04a0fe7-1f5d-4b9b-abf7-619b85b4ce8c
                E: SUBSYSTEM=tee

                P: /devices/platform/firmware:optee/tee/tee0/teepriv0
                E: SUBSYSTEM=tee

                P: /devices/platform/soc/gpio-brcmvirt
                E: SUBSYSTEM=made_up_bus
                E: DRIVER=brcmvirt-gpio

                P: /devices/platform/soc/gpio-brcmvirt/made_up_class/x0
                E: SUBSYSTEM=made_up_class
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        Map<String, MachineDraft.Entry> e = entries(TreeImporter.importTree(r, "t"));
        assertThat(e.get("/devices/platform/firmware:optee/tee/tee0").bus()).as("in a directory named tee").isNull();
        assertThat(e.get("/devices/optee-ta-f04a0fe7-1f5d-4b9b-abf7-619b85b4ce8c").bus()).isEqualTo("tee");
        assertThat(e.get("/devices/platform/firmware:optee/tee/tee0/teepriv0").bus()).as("below a class device").isNull();
        // A name Linux's table does not have: a bus when it has a driver, a class in its glue directory.
        assertThat(e.get("/devices/platform/soc/gpio-brcmvirt").bus()).isEqualTo("made_up_bus");
        assertThat(e.get("/devices/platform/soc/gpio-brcmvirt/made_up_class/x0").bus()).isNull();
    }

    @Test
    void theBootEnumeratesWhatItsSubsystemsScanAndProbesCreateTheRest() throws IOException {
        Map<String, MachineDraft.Entry> e = entries(imported("old-generation.exportdb"));
        assertThat(e.get(PIIX).createdByDriver()).isFalse();
        // ata_piix's probe adds the ata ports and SCSI hosts; libata's scan the targets and devices (here: ata_piix's).
        assertThat(e.get(PIIX + "/ata1/host0").createdBy()).isEqualTo(PIIX);
        assertThat(e.get(PIIX + "/ata1/host0/target0:0:0").createdBy()).isEqualTo(PIIX);
        assertThat(e.get(PIIX + "/ata1/host0/target0:0:0/0:0:0:0").createdBy()).isEqualTo(PIIX);
        assertThat(e.get(PIIX + "/ata1/host0/target0:0:0/0:0:0:0/block/sda").createdBy())
                .isEqualTo(PIIX + "/ata1/host0/target0:0:0/0:0:0:0");
        assertThat(e.get("/devices/platform/serial8250/tty/ttyS1").createdBy()).isEqualTo("/devices/platform/serial8250");
        assertThat(e.get("/devices/virtual/mem/null").createdByDriver()).isFalse();

        Map<String, MachineDraft.Entry> dt = entries(imported("devlinks.exportdb"));
        String host = "/devices/platform/soc/40400000.pcie";
        // On a device-tree board the host controller's probe scans its PCI hierarchy: it creates the port and the
        // function below it (the same scan), not pcieport.
        assertThat(dt.get(host + "/pci0000:00/0000:00:00.0").createdBy()).isEqualTo(host);
        assertThat(dt.get(host + "/pci0000:00/0000:00:00.0/0000:01:00.0").createdBy()).isEqualTo(host);
        assertThat(dt.get("/devices/platform/soc/401c8000.serial").createdByDriver()).as("populated from the DT").isFalse();
    }

    @Test
    void theEnumerationOrderPutsSystemDevicesFirstAndParentsBeforeChildren() throws IOException {
        var order = imported("old-generation.exportdb").devices().stream().map(MachineDraft.Entry::path).toList();
        assertThat(order.get(0)).isEqualTo("/devices/system/cpu/cpu0");
        assertThat(order.indexOf("/devices/virtual/mem/null")).isLessThan(order.indexOf("/devices/LNXSYSTM:00"));
        assertThat(order.indexOf("/devices/platform/serial8250")).isLessThan(order.indexOf(PIIX));
        assertThat(order.indexOf(PIIX)).isLessThan(order.indexOf(PIIX + "/ata1/host0"));
    }

    @Test
    void driversGetTheCatalogsProfileOrHardwareAndTheUnknownOnesTheDefault() throws IOException {
        MachineDraft d = imported("old-generation.exportdb");
        assertThat(d.profiles()).containsKeys("ata_piix", "virtio-pci", "virtio_net", "serial8250", "button", "processor");
        assertThat(d.profiles().get("virtio_net").bus()).isEqualTo("virtio");
        assertThat(d.profiles().get("virtio_net").source()).contains("virtio_dev_shutdown()");
        assertThat(d.defaulted()).containsExactlyInAnyOrder("button", "processor");
        assertThat(d.profiles().get("button").shutdown()).isEqualTo(DriverCatalog.linux().defaultProfile().shutdown());
        assertThat(d.notes()).anySatisfy(n -> assertThat(n).startsWith("2 drivers not in the catalog got the default profile"));
        // sd has a bundle of its own: it gets the hardware it drives, not a profile.
        assertThat(d.profiles()).doesNotContainKey("sd");
        assertThat(entries(d).get(PIIX + "/ata1/host0/target0:0:0/0:0:0:0").hardware()).isEqualTo("sd");
        assertThat(d.hardware().get("sd").spec().kind()).isEqualTo("disk");
        assertThat(d.buses()).containsExactly("cpu", "acpi", "virtio");
        assertThat(d.linkOrder()).containsSubsequence("virtio-pci", "virtio_net", "serial8250", "sd", "ata_piix");
        assertThat(d.name()).isEqualTo("QEMU StandardPC(i440FX+PIIX,1996) (pc-i440fx-8.2)");
    }

    @Test
    void aDeviceItsKernelLeftWithoutADriverStaysSo() throws IOException {
        Map<String, MachineDraft.Entry> e = entries(imported("old-generation.exportdb"));
        assertThat(e.get("/devices/pci0000:00/0000:00:03.0").matchDriver()).isFalse();
        assertThat(e.get(PIIX).matchDriver()).isTrue();
        assertThat(e.get("/devices/virtual/mem/null").matchDriver()).as("a class device binds nothing anyway").isTrue();
    }

    @Test
    void twoDriversOfOneNameOnTwoBusesGetAProfileEach() {
        DeviceRecords r = ExportDbReader.read("t", new java.io.ByteArrayInputStream("""
                P: /devices/css0/0.0.0000
                E: SUBSYSTEM=css
                E: DRIVER=io_subchannel

                P: /devices/css0/0.0.0000/0.0.f500
                E: SUBSYSTEM=ccw
                E: DRIVER=qeth

                P: /devices/qeth/0.0.f500
                E: SUBSYSTEM=ccwgroup
                E: DRIVER=qeth
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        MachineDraft d = TreeImporter.importTree(r, "t");
        assertThat(d.profiles()).containsKeys("qeth", "qeth@ccwgroup");
        ModelledProfile second = d.profiles().get("qeth@ccwgroup");
        assertThat(second.driver()).isEqualTo("qeth");
        assertThat(second.bus()).isEqualTo("ccwgroup");
    }

    @Test
    void devlinksAreResolvedByBusAndNameWithTheFlagsTheirKernelGaveThem() throws IOException {
        MachineDraft d = imported("devlinks.exportdb");
        Map<String, DeviceLink> links = d.links().stream().map(MachineDraft.Link::link)
                .collect(Collectors.toMap(l -> l.supplierPath() + " -> " + l.consumerPath(), Function.identity()));
        assertThat(links).hasSize(5);
        // A framework's link to a class device (phy-core's device_link_add(..., DL_FLAG_STATELESS)).
        assertThat(links.get("/devices/platform/soc/40480000.serdes/phy/phy-40480000.serdes.0 -> /devices/platform/soc/40400000.pcie")
                .flags()).containsExactly(LinkFlag.STATELESS);
        // fw_devlink's, FW_DEVLINK_FLAGS_RPM.
        assertThat(links.get("/devices/platform/firmware:scmi -> /devices/platform/soc/401c8000.serial").flags())
                .isEqualTo(EnumSet.of(LinkFlag.INFERRED, LinkFlag.AUTOPROBE_CONSUMER, LinkFlag.PM_RUNTIME));
        // To a supplier without a driver: relaxed by fw_devlink_drivers_done().
        assertThat(links.get("/devices/platform/soc/4009c000.siul2 -> /devices/platform/soc/40060000.rtc").flags())
                .isEqualTo(EnumSet.of(LinkFlag.INFERRED, LinkFlag.SYNC_STATE_ONLY));
        // The reverse of an ordering link would close a cycle: kept as fw_devlink leaves a cycle.
        assertThat(links.get("/devices/platform/soc/401c8000.serial -> /devices/platform/firmware:scmi").flags())
                .isEqualTo(EnumSet.of(LinkFlag.INFERRED, LinkFlag.SYNC_STATE_ONLY, LinkFlag.CYCLE));
        assertThat(d.notes()).anySatisfy(n -> assertThat(n).isEqualTo("1 device links skipped, an end not being in the "
                + "source: platform:40050000.pinctrl--platform:401c8000.serial"));
        assertThat(d.links()).allSatisfy(l -> assertThat(l.where().pointer()).startsWith("/devices/virtual/devlink/"));
        assertThat(d.name()).as("no DMI on a device-tree board").isEqualTo("devlinks.exportdb");
    }

    @Test
    void aRecordingsSupplierSymlinksAreLinksToo() throws IOException {
        MachineDraft d = imported("usb-stick.umockdev");
        assertThat(d.links()).singleElement().satisfies(l -> {
            assertThat(l.link().supplierPath()).isEqualTo("/devices/platform/INT33C5:00");
            assertThat(l.link().consumerPath()).isEqualTo("/devices/pci0000:00/0000:00:14.0");
        });
        Map<String, MachineDraft.Entry> e = entries(d);
        // Child first in the file, parent first in the machine.
        assertThat(d.devices().get(0).path()).isEqualTo("/devices/platform/INT33C5:00");
        assertThat(e.get("/devices/pci0000:00/0000:00:14.0").hardware()).isEqualTo("xhci_hcd");
        assertThat(e.get("/devices/pci0000:00/0000:00:14.0/usb1").createdBy()).isEqualTo("/devices/pci0000:00/0000:00:14.0");
    }
}
