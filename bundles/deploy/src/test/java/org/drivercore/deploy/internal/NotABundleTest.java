package org.drivercore.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotABundleTest {

    @TempDir
    Path dir;

    @Test
    void aBundleIsLeftToFileInstallAndEveryOtherJarIsClaimedWithItsReason() throws IOException {
        Path bundle = jar("bundle.jar", "org.example.driver");
        Path plain = jar("plain.jar", null);
        Path corrupt = dir.resolve("corrupt.jar");
        Files.write(corrupt, new byte[] { 1, 2, 3, 4, 5 });
        Path notes = dir.resolve("notes.cfg");
        Files.writeString(notes, "a=1\n");

        NotABundle installer = new NotABundle();

        assertThat(installer.canHandle(bundle.toFile())).isFalse();
        assertThat(installer.canHandle(notes.toFile())).as("not a jar: Config Admin's").isFalse();
        assertThat(installer.canHandle(plain.toFile())).isTrue();
        assertThat(NotABundle.whyNot(plain.toFile())).isEqualTo("a plain jar: its manifest has no Bundle-SymbolicName");
        assertThat(installer.canHandle(corrupt.toFile())).isTrue();
        assertThat(NotABundle.whyNot(corrupt.toFile())).startsWith("not a jar (zip) archive");
    }

    private Path jar(String name, String symbolicName) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (symbolicName != null) {
            m.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
            m.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        }
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, m)) {
            jar.flush();
        }
        return file;
    }
}
