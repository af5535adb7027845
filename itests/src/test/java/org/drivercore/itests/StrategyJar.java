package org.drivercore.itests;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.drivercore.itests.tiny.TinyActivator;
import org.drivercore.itests.tiny.TinyStrategy;

/**
 * Packs the classes of {@code org.drivercore.itests.tiny} into a bundle, by hand with {@code java.util.jar}: a
 * shutdown strategy that a user would deploy into a running container.
 */
final class StrategyJar {

    static final String SYMBOLIC_NAME = "org.drivercore.itests.tiny";

    private StrategyJar() {
    }

    static InputStream strategyBundle() {
        Manifest manifest = new Manifest();
        Attributes a = manifest.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", SYMBOLIC_NAME);
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Bundle-Activator", TinyActivator.class.getName());
        a.putValue("Import-Package", "org.drivercore.api.shutdown;version=\"[3.0,4)\",org.osgi.framework;version=\"[1.8,2)\"");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            for (Class<?> c : new Class<?>[] { TinyStrategy.class, TinyActivator.class }) {
                String entry = c.getName().replace('.', '/') + ".class";
                try (InputStream in = c.getClassLoader().getResourceAsStream(entry)) {
                    if (in == null) {
                        throw new IllegalStateException("cannot read " + entry);
                    }
                    jar.putNextEntry(new JarEntry(entry));
                    in.transferTo(jar);
                    jar.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }
}
