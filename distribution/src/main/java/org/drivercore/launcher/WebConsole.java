package org.drivercore.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;

/**
 * The Felix Web Console, off unless {@code --web} or {@code drivercore.web=true} (conf/config.properties) asks for it:
 * then the bundles of {@code drivercore.web.bundles} start with the container, and the Felix HTTP service listens on
 * {@code drivercore.web.host}:{@code drivercore.web.port}, a loopback address only. The console keeps its own
 * authentication; its user and password come from {@code conf/web.properties}, which the first start with the console
 * writes with a random password (readable by its owner only): no console runs with Felix's default admin/admin.
 */
final class WebConsole {

    static final String ENABLED = "drivercore.web";
    static final String HOST = "drivercore.web.host";
    static final String PORT = "drivercore.web.port";
    static final String BUNDLES = "drivercore.web.bundles";
    static final String CREDENTIALS_FILE = "web.properties";
    static final String USER = "felix.webconsole.username";
    static final String PASSWORD = "felix.webconsole.password";
    /** The start level of the web bundles: with the infrastructure, before the drivercore bundles. */
    static final int START_LEVEL = 2;

    private WebConsole() {
    }

    /** Whether the console is asked for. */
    static boolean enabled(boolean flag, Map<String, String> properties) {
        return flag || Boolean.parseBoolean(properties.getOrDefault(ENABLED, "false").trim());
    }

    /**
     * Adds the console to the framework's properties: its bundles, the HTTP service on the loopback address, the
     * console's credentials. Returns the console's address. Without it, the HTTP bundles are not even installed.
     */
    static String configure(Map<String, String> properties, Path conf) {
        String host = properties.getOrDefault(HOST, "127.0.0.1").trim();
        requireLoopback(host);
        String port = properties.getOrDefault(PORT, "8080").trim();
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new LaunchException(PORT + ": '" + port + "' is not a port number (conf/config.properties)");
        }
        if (number < 1 || number > 65535) {
            throw new LaunchException(PORT + ": " + number + " is not a port from 1 to 65535 (conf/config.properties)");
        }
        requireFree(host, number);
        String bundles = properties.getOrDefault(BUNDLES, "").trim();
        if (bundles.isEmpty()) {
            throw new LaunchException(BUNDLES + " is empty: conf/config.properties names no web console bundles");
        }
        String level = "felix.auto.start." + START_LEVEL;
        properties.put(level, (properties.getOrDefault(level, "") + " " + bundles).trim());
        properties.put("org.apache.felix.http.enable", "true");
        properties.put("org.apache.felix.http.host", host);
        properties.put("org.osgi.service.http.port", Integer.toString(number));
        Properties credentials = credentials(conf.resolve(CREDENTIALS_FILE));
        properties.put(USER, credentials.getProperty(USER));
        properties.put(PASSWORD, credentials.getProperty(PASSWORD));
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + number + "/system/console/drivercore";
    }

    /** The port must be free: else Jetty would log a stack trace and the console would silently not be there. */
    static void requireFree(String host, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new LaunchException(PORT + ": " + host + ":" + port + " is in use (" + e.getMessage()
                    + "); set another port in conf/config.properties");
        }
    }

    static void requireLoopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    throw new LaunchException(HOST + ": '" + host + "' is not a loopback address: the web console "
                            + "listens on this machine only (127.0.0.1 or ::1)");
                }
            }
        } catch (UnknownHostException e) {
            throw new LaunchException(HOST + ": unknown host '" + host + "'");
        }
    }

    /** The console's user and password, from the file; written with a random password when it is not there. */
    static Properties credentials(Path file) {
        Properties p = new Properties();
        if (!Files.exists(file)) {
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            p.setProperty(USER, "admin");
            p.setProperty(PASSWORD, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try (OutputStream out = Files.newOutputStream(file)) {
                    p.store(out, "The Felix Web Console's user and password (drivercore --web). Change them here; "
                            + "this file was written with a random password.");
                }
            } catch (IOException | UnsupportedOperationException e) {
                throw new LaunchException("cannot write " + file + ": " + e.getMessage());
            }
            return p;
        }
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new LaunchException("cannot read " + file + ": " + e.getMessage());
        }
        for (String key : new String[] { USER, PASSWORD }) {
            if (p.getProperty(key, "").isBlank()) {
                throw new LaunchException(file + ": " + key + " is missing or empty");
            }
        }
        if (p.getProperty(PASSWORD).equals("admin")) {
            throw new LaunchException(file + ": " + PASSWORD + " is the console's default 'admin': choose another");
        }
        return p;
    }
}
