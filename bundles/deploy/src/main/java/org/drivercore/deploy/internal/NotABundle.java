package org.drivercore.deploy.internal;

import java.io.File;
import java.io.IOException;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A FileInstall artifact installer for the jars of {@code deploy/} that are not OSGi bundles: FileInstall keeps such a
 * file aside without a word (no installer claims it), so a user who dropped a corrupt or plain jar there learns
 * nothing. This installer claims exactly those, says once why each is not a bundle, and installs nothing; the
 * bundles are FileInstall's own.
 */
@Component(service = ArtifactInstaller.class)
public final class NotABundle implements ArtifactInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(NotABundle.class);

    @Override
    public boolean canHandle(File artifact) {
        return artifact.getName().endsWith(".jar") && artifact.isFile() && whyNot(artifact) != null;
    }

    /** Why the file is not an OSGi bundle, or null if it is one. */
    static String whyNot(File file) {
        try (JarFile jar = new JarFile(file)) {
            Manifest manifest = jar.getManifest();
            if (manifest == null) {
                return "a jar without a META-INF/MANIFEST.MF";
            }
            Attributes main = manifest.getMainAttributes();
            if (main.getValue("Bundle-SymbolicName") == null) {
                return "a plain jar: its manifest has no Bundle-SymbolicName";
            }
            return null;
        } catch (IOException | SecurityException e) {
            return "not a jar (zip) archive: " + e.getMessage();
        }
    }

    @Override
    public void install(File artifact) {
        LOG.warn("{} is not an OSGi bundle ({}): nothing installed", artifact, whyNot(artifact));
    }

    @Override
    public void update(File artifact) {
        install(artifact);
    }

    @Override
    public void uninstall(File artifact) {
        // nothing was installed
    }
}
