package org.drivercore.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdTableTest {


    @ParameterizedTest(name = "glob(\"{0}\", \"{1}\") = {2}")
    @CsvSource(delimiter = '|', value = {
            "''|''                     | true",
            "*|''                      | true",
            "**|''                     | true",
            "?|''                      | false",
            "''|a                      | false",
            "abc|abc                   | true",
            "abc|abd                   | false",
            "abc|ab                    | false",
            "ab|abc                    | false",
            "a?c|abc                   | true",
            "a?c|ac                    | false",
            "a*c|ac                    | true",
            "a*c|abbbc                 | true",
            "a*c|abbbd                 | false",
            "*ab|aab                   | true",
            "a*b*c|aXbYbZc             | true",
            "a*b*c|aXcYb               | false",
            "*a*a*a*|aaa               | true",
            "*a*a*a*|aa                | false",
            "pci:v00008086d*sv*sd*bc01sc06i01*|pci:v00008086d00002822sv00001028sd000004F4bc01sc06i01 | true",
            "pci:v00008086d*sv*sd*bc01sc06i01*|pci:v00008086d00002822sv00001028sd000004F4bc01sc06i02 | false",
            "usb:v*p*d*dc*dsc*dp*ic08isc06ip50in*|usb:v0781p5581d0100dc00dsc00dp00ic08isc06ip50in00 | true",
            "PCI:v*|pci:v1              | false",
    })
    void globMatchesLikeFnmatchWithStarAndQuestionMark(String pattern, String text, boolean expected) {
        assertThat(IdTable.glob(pattern, text)).isEqualTo(expected);
    }

    @Test
    void aGlobEntryMatchesTheModalias() {
        Device nvme = StubDevice.named("0000:3b:00.0", "pci", Map.of("MODALIAS", "pci:v0000144Dd0000A808sv0000144Dsd0000A801bc01sc08i02"));

        assertThat(IdTable.matches(List.of("pci:v*d*sv*sd*bc01sc08i02*"), nvme)).isTrue();
        assertThat(IdTable.matches(List.of("pci:v*d*sv*sd*bc01sc06i01*"), nvme)).isFalse();
    }

    @Test
    void anEntryMatchesTheDeviceName() {
        Device dev = StubDevice.named("serial8250", "pci", Map.of());

        assertThat(IdTable.matches(List.of("other", "serial8250"), dev)).isTrue();
        assertThat(IdTable.matches(List.of("serial825"), dev)).isFalse();
    }

    @Test
    void anEntryMatchesAnyDeviceTreeCompatibleButNotTheirCount() {
        Device dev = StubDevice.named("soc@0", "pci", Map.of("OF_COMPATIBLE_0", "allwinner,sun50i-a64-mmc",
                "OF_COMPATIBLE_1", "allwinner,sun7i-a20-mmc", "OF_COMPATIBLE_N", "2"));

        assertThat(IdTable.matches(List.of("allwinner,sun7i-a20-mmc"), dev)).isTrue();
        assertThat(IdTable.matches(List.of("allwinner,sun50i-a64-mmc"), dev)).isTrue();
        assertThat(IdTable.matches(List.of("2"), dev)).isFalse();
        assertThat(IdTable.matches(List.of("allwinner,sun8i-mmc"), dev)).isFalse();
    }

    @Test
    void otherPropertiesAreNotMatched() {
        Device dev = StubDevice.named("eth0", "pci", Map.of("DRIVER", "igb", "PCI_ID", "8086:1533"));

        assertThat(IdTable.matches(List.of("igb", "8086:1533", "*"), dev)).isFalse();
    }

    @Test
    void anEmptyTableMatchesNothing() {
        assertThat(IdTable.matches(List.of(), StubDevice.named("x", "pci", Map.of("MODALIAS", "x")))).isFalse();
    }

    @Test
    void aDeviceWithoutModaliasIsMatchedByNameOnly() {
        Device dev = StubDevice.named("nvme0", "pci", Map.of());

        assertThat(IdTable.matches(List.of("*"), dev)).as("a glob never matches a missing MODALIAS").isFalse();
        assertThat(IdTable.matches(List.of("nvme0"), dev)).isTrue();
    }
}
