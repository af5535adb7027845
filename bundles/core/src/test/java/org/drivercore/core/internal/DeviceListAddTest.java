package org.drivercore.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;

import org.drivercore.api.Device;
import org.drivercore.api.DeviceEvent;
import org.drivercore.api.DeviceState;
import org.drivercore.api.RegistryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Adding devices: the device list, parents, unique paths and names. */
class DeviceListAddTest extends CoreFixture {

    @Test
    void addAppendsTheDeviceToTheTailOfTheList() {
        add(classDevice("/a"));
        add(classDevice("/b"));
        add(classDevice("/a/c"));
        add(classDevice("/b/d"));

        assertThat(paths()).containsExactly("/a", "/b", "/a/c", "/b/d");
        assertThat(log.paths(DeviceEvent.Type.ADDED)).containsExactly("/a", "/b", "/a/c", "/b/d");
    }

    @Test
    void anExplicitParentThatIsNotRegisteredIsRefusedNamingThePathAndNothingChanges() {
        add(classDevice("/a"));
        Snapshot before = snapshot();
        log.clear();

        RegistryException e = catchThrowableOfType(RegistryException.class,
                () -> add(spec("/x/y").parent("/x").build()));

        assertThat(e.path()).contains("/x/y");
        assertThat(e).hasMessageContaining("/x/y").hasMessageContaining("'/x'");
        assertThat(snapshot()).isEqualTo(before);
        assertThat(log.all()).isEmpty();
    }

    @Test
    void anExplicitParentThatWasRemovedIsRefused() {
        Device p = add(classDevice("/p"));
        core.remove("/p");
        assertThat(p.state()).isEqualTo(DeviceState.REMOVED);
        Snapshot before = snapshot();

        assertThatThrownBy(() -> add(spec("/c").parent("/p").build()))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("/c").hasMessageContaining("/p");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void anExplicitParentNeedNotBeAPathAncestor() {
        add(classDevice("/bridge"));
        Device d = add(spec("/elsewhere/dev").parent("/bridge").build());

        assertThat(d.parent().map(Device::path)).contains("/bridge");
        assertThat(device("/bridge").children()).containsExactly(d);
    }

    @Test
    void theImpliedParentIsTheNearestRegisteredAncestorPath() {
        add(classDevice("/devices"));
        Device deep = add(classDevice("/devices/pci0000:00/0000:00:1d.0/0000:3b:00.0"));
        Device mid = add(classDevice("/devices/pci0000:00"));
        Device deeper = add(classDevice("/devices/pci0000:00/0000:00:1d.0/x"));
        Device root = add(classDevice("/virtual/net/lo"));

        assertThat(deep.parent().map(Device::path)).contains("/devices");
        assertThat(mid.parent().map(Device::path)).contains("/devices");
        // The parent is fixed when the device is added: a nearer ancestor registered later does not adopt it.
        assertThat(deep.parent().map(Device::path)).contains("/devices");
        assertThat(deeper.parent().map(Device::path)).contains("/devices/pci0000:00");
        assertThat(root.parent()).isEmpty();
        assertThat(device("/devices").children()).extracting(Device::path)
                .containsExactly("/devices/pci0000:00/0000:00:1d.0/0000:3b:00.0", "/devices/pci0000:00");
    }

    @Test
    void aPathPrefixThatIsNotASegmentIsNotAParent() {
        add(classDevice("/dev"));
        Device d = add(classDevice("/devices/x"));

        assertThat(d.parent()).isEmpty();
    }

    @Test
    void aDuplicatePathIsRefused() {
        add(classDevice("/a"));
        add(classDevice("/a/b"));
        Snapshot before = snapshot();

        assertThatThrownBy(() -> add(on("pci", "/a/b")))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("/a/b").hasMessageContaining("duplicate");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void aNameIsUniqueOnItsBus() {
        add(on("net", "/pci/eth0"));
        Snapshot before = snapshot();

        assertThatThrownBy(() -> add(on("net", "/usb/eth0")))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("/usb/eth0").hasMessageContaining("'eth0'").hasMessageContaining("/pci/eth0");
        assertThatThrownBy(() -> add(spec("/usb/other").name("eth0").bus("net").build()))
                .isInstanceOf(RegistryException.class).hasMessageContaining("'eth0'");
        assertThat(snapshot()).isEqualTo(before);

        // The same name on another bus, or on no bus, is fine.
        add(on("usb", "/usb/eth0"));
        add(classDevice("/virtual/eth0"));
        assertThat(paths()).containsExactly("/pci/eth0", "/usb/eth0", "/virtual/eth0");
    }

    @Test
    void aNameIsFreeAgainOnceItsDeviceIsRemoved() {
        add(on("net", "/pci/eth0"));
        core.remove("/pci/eth0");

        add(on("net", "/usb/eth0"));

        assertThat(paths()).containsExactly("/usb/eth0");
    }

    /** sysfs names may hold spaces: a platform device named "Fixed MDIO bus.0" is real. */
    @Test
    void aPathWithASpaceIsAccepted() {
        add(classDevice("/devices/platform/Fixed MDIO bus.0"));
        assertThat(paths()).containsExactly("/devices/platform/Fixed MDIO bus.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "devices/a", "/", "/a/", "//a", "/a//b", "/a\tb", "/a\n", "/a\u0000b"})
    void anInvalidPathIsRefused(String path) {
        add(classDevice("/a"));
        Snapshot before = snapshot();

        assertThatThrownBy(() -> add(classDevice(path)))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("not a valid device path");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void aDeviceCannotBeItsOwnParent() {
        assertThatThrownBy(() -> add(spec("/a").parent("/a").build()))
                .isInstanceOf(RegistryException.class).hasMessageContaining("/a");
        assertThat(paths()).isEmpty();
    }

    @Test
    void theNameIsTheLastPathSegmentUnlessGiven() {
        assertThat(add(classDevice("/devices/pci0000:00/0000:00:1d.0")).name()).isEqualTo("0000:00:1d.0");
        assertThat(add(spec("/devices/x").name("nvme0").build()).name()).isEqualTo("nvme0");
    }

    @Test
    void childrenAreListedInDeviceListOrder() {
        add(classDevice("/p"));
        add(classDevice("/p/a"));
        add(classDevice("/p/b"));
        add(classDevice("/s"));
        core.link(org.drivercore.api.DeviceLink.of("/s", "/p/a")); // moves /p/a behind /p/b

        assertThat(paths()).containsExactly("/p", "/p/b", "/s", "/p/a");
        assertThat(device("/p").children()).extracting(Device::path).isEqualTo(List.of("/p/b", "/p/a"));
    }
}
