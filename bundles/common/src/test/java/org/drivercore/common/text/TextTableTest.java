package org.drivercore.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void columnsArePaddedToTheWidestCellAndTheLastIsNot() {
        String t = new TextTable("BUS", "DEVICES", "HOOKS").row("platform", 8, "-").row("pci", 48, "shutdown").toString();
        assertThat(t).isEqualTo("""
                BUS       DEVICES  HOOKS
                platform  8        -
                pci       48       shutdown
                """);
    }

    @Test
    void missingAndNullCellsPrintAsADashAndNoLineEndsInWhiteSpace() {
        String t = new TextTable("A", "B", "C").row("x", null).row("y", "z", "").toString();
        assertThat(t).isEqualTo("""
                A  B  C
                x  -  -
                y  z
                """);
    }
}
