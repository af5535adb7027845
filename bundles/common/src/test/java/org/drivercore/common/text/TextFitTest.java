package org.drivercore.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Output that fits a terminal: shortened paths, clipped lines, wrapped text, plurals. */
class TextFitTest {

    @Test
    void aPathIsShortenedFromTheLeftAtASlash() {
        String path = "/devices/pci0000:17/0000:17:00.0/0000:18:00.0/0000:19:08.0/0000:1a:00.0/nvme/nvme0/nvme0n1";
        String shortened = TextTable.shortenLeft(path, 40);
        assertThat(shortened).startsWith("\u2026/").endsWith("/nvme/nvme0/nvme0n1").hasSizeLessThanOrEqualTo(40);
        assertThat(TextTable.shortenLeft("/devices/short", 40)).isEqualTo("/devices/short");
    }

    @Test
    void aTableFitsItsWidthByShorteningOneColumn() {
        TextTable t = new TextTable("#", "PATH", "DRIVER");
        t.row(0, "/devices/pci0000:17/0000:17:00.0/0000:18:00.0/0000:19:08.0/0000:1a:00.0/nvme/nvme0", "nvme");
        t.row(1, "/devices/platform/i8042", "i8042");
        String text = t.fit(60, 1).toString();
        assertThat(text.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(60));
        assertThat(text).contains("/nvme/nvme0").contains("/devices/platform/i8042");
    }

    @Test
    void aTableThatFitsIsLeftAlone() {
        TextTable t = new TextTable("A", "B").row("x", "y");
        assertThat(t.fit(80, 1).toString()).isEqualTo("A  B\nx  y\n");
    }

    @Test
    void wrappingKeepsTheLeadingSpacesAndIndentsTheRest() {
        String text = Wrap.hanging("  nvme: nvme_dev_disable(shutdown): CC.SHN set, CSTS.SHST polled", 40, "      ");
        assertThat(text).isEqualTo("  nvme: nvme_dev_disable(shutdown):\n      CC.SHN set, CSTS.SHST polled\n");
        assertThat(Wrap.hanging("averyveryverylongword b", 5, "  ")).as("a long word stays whole")
                .isEqualTo("averyveryverylongword\n  b\n");
    }

    @Test
    void clipEndsALongLineWithAnEllipsis() {
        assertThat(TextTable.clip("abcdef\nab", 4)).isEqualTo("abc\u2026\nab");
    }

    @Test
    void pluralsCountInWords() {
        assertThat(Plural.of(1, "device")).isEqualTo("1 device");
        assertThat(Plural.of(2, "device")).isEqualTo("2 devices");
        assertThat(Plural.of(1, "class", "classes")).isEqualTo("1 class");
    }
}
