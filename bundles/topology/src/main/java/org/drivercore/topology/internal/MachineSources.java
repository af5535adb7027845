package org.drivercore.topology.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.drivercore.api.MachineException;
import org.drivercore.topology.internal.imports.TreeImporter;
import org.drivercore.topology.internal.json.MachineParser;
import org.drivercore.topology.internal.udev.DeviceRecords;
import org.drivercore.topology.internal.udev.ExportDbReader;
import org.drivercore.topology.internal.udev.SysfsReader;
import org.drivercore.topology.internal.udev.UmockdevReader;

/**
 * Reads a machine from any source a user has, telling them apart by content, not by name: a directory with
 * {@code devices/} is a sysfs; a file whose first non-blank character is '{' is a machine file; one whose first line
 * is {@code P: /devices/...} is a umockdev recording if it has the recorder's {@code A:}, {@code H:} or
 * {@code L: name=target} lines, else a udev database.
 */
public final class MachineSources {

    /** How much of a file is looked at to tell its format: several records of either udev format. */
    static final int SNIFF = 1 << 16;

    private MachineSources() {
    }

    public static MachineDraft read(Path path) {
        String source = path.toString();
        if (Files.isDirectory(path)) {
            return TreeImporter.importTree(SysfsReader.read(path), source);
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), SNIFF)) {
            in.mark(SNIFF);
            byte[] head = in.readNBytes(SNIFF);
            MachineFormat format = detect(source, head);
            in.reset();
            if (hasByteOrderMark(head)) {
                in.skipNBytes(3);
            }
            String fileName = path.getFileName() == null ? source : path.getFileName().toString();
            return switch (format) {
                case MACHINE_JSON -> {
                    Reader r = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
                    yield new MachineParser(source).parse(r);
                }
                case UDEV_EXPORT_DB -> imported(ExportDbReader.read(source, in), fileName);
                case UMOCKDEV -> imported(UmockdevReader.read(source, in), fileName);
                case SYSFS -> throw new IllegalStateException("a sysfs is a directory");
            };
        } catch (NoSuchFileException e) {
            throw new MachineException(source, danglingLink(path).map(t -> "a link to " + t + ", which does not exist")
                    .orElse("no such file"), e);
        } catch (CharacterCodingException e) {
            throw new MachineException(source, -1, -1, null, "binary content (not UTF-8): not a machine file");
        } catch (IOException e) {
            throw new MachineException(source, "cannot read: " + e, e);
        }
    }

    /** Where a symbolic link that leads nowhere points (empty when the path is no such link). */
    private static java.util.Optional<Path> danglingLink(Path path) {
        try {
            return Files.isSymbolicLink(path) ? java.util.Optional.of(Files.readSymbolicLink(path)) : java.util.Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return java.util.Optional.empty();
        }
    }

    private static MachineDraft imported(DeviceRecords records, String fileName) {
        return TreeImporter.importTree(records, fileName);
    }

    /** The format of a file from its first bytes. */
    static MachineFormat detect(String source, byte[] head) {
        int i = hasByteOrderMark(head) ? 3 : 0;
        while (i < head.length && Character.isWhitespace(head[i])) {
            i++;
        }
        if (i == head.length) {
            throw new MachineException(source, -1, -1, null, "the file is empty");
        }
        for (byte b : head) {
            if (b == 0) {
                throw new MachineException(source, -1, -1, null,
                        "binary content: not a machine file (JSON), a udev database or a umockdev recording");
            }
        }
        if (head[i] == '{') {
            return MachineFormat.MACHINE_JSON;
        }
        String text = new String(head, i, head.length - i, StandardCharsets.UTF_8);
        if (!text.startsWith("P: ")) {
            int line = 1;
            for (int k = 0; k < i; k++) {
                if (head[k] == '\n') {
                    line++;
                }
            }
            String first = text.lines().findFirst().orElse("");
            throw new MachineException(source, line, -1, null, "not a machine file (JSON, starting with '{'), a udev "
                    + "database or a umockdev recording (both starting with 'P: /devices/...'): found '"
                    + (first.length() > 40 ? first.substring(0, 37) + "..." : first) + "'");
        }
        boolean recorder = text.lines().anyMatch(l -> l.startsWith("A: ") || l.startsWith("H: ")
                || (l.startsWith("L: ") && l.indexOf('=') > 0));
        return recorder ? MachineFormat.UMOCKDEV : MachineFormat.UDEV_EXPORT_DB;
    }

    private static boolean hasByteOrderMark(byte[] head) {
        return head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF;
    }
}
