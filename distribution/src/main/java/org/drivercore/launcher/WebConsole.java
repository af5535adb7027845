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

import org.drivercore.common.security.SaltedHash;

/**
 * The Felix Web Console, off unless {@code --web} or {@code drivercore.web=true} (conf/config.properties) asks for it:
 * then the bundles of {@code drivercore.web.bundles} start with the container, and the Felix HTTP service listens on
 * {@code drivercore.web.host}:{@code drivercore.web.port}, a loopback address only. The console authenticates every
 * request (through drivercore's guard, which also refuses other sites' requests); the user and password come from
 * {@code conf/web.properties}, which the first start with the console writes with a random password (readable by its
 * owner only): no console runs with Felix's default admin/admin.
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

    /** Whether the console is asked for: for the shell only (a one-shot command would serve it for a moment). */
    static boolean enabled(boolean flag, boolean shell, Map<String, String> properties) {
        return shell && (flag || Boolean.parseBoolean(properties.getOrDefault(ENABLED, "false").trim()));
    }

    /**
     * Off: the HTTP service stays disabled and on loopback even if its bundle came another way (a jar in deploy/),
     * instead of Felix HTTP's default of every address on port 8080.
     */
    static void keepOff(Map<String, String> properties) {
        properties.put("org.apache.felix.http.enable", "false");
        properties.put("org.apache.felix.http.host", "127.0.0.1");
    }

    /**
     * Adds the console to the framework's properties: its bundles, the HTTP service on the loopback address, the
     * console's credentials. Returns the console's address. Without it, the HTTP bundles are not even installed.
     */
    static String configure(Map<String, String> properties, Path conf) {
        String host = requireLoopback(properties.getOrDefault(HOST, "127.0.0.1").trim());
        for (String pid : new String[] { "org.apache.felix.http.cfg", "org.apache.felix.http.config" }) {
            if (Files.exists(conf.resolve(pid))) {
                // Config Admin's values win over framework properties in Felix HTTP: it could listen elsewhere.
                throw new LaunchException(conf.resolve(pid) + ": the web console's address is set by " + HOST + " and "
                        + PORT + " in conf/config.properties; remove this file");
            }
        }
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
        // The console authenticates through drivercore's guard, which it requires, against a salted hash: the console
        // shows its framework properties, so the password is not one of them. Its own user and password are set to
        // something nobody knows, so that its admin/admin never applies.
        properties.put("felix.webconsole.security.providers", "drivercore");
        properties.put("drivercore.web.user", credentials.getProperty(USER));
        properties.put("drivercore.web.password.sha256", SaltedHash.of(credentials.getProperty(PASSWORD)));
        properties.put(USER, credentials.getProperty(USER));
        properties.put(PASSWORD, randomPassword());
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + number + "/system/console/drivercore";
    }

    /** The port must be free: else Jetty would log a stack trace and the console would silently not be there. */
    static void requireFree(String host, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new LaunchException(PORT + ": cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "); set another port in conf/config.properties");
        }
    }

    /**
     * The loopback address the host names, as a literal (Jetty is given the address checked here, not a name it would
     * resolve again).
     */
    static String requireLoopback(String host) {
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new LaunchException(HOST + ": unknown host '" + host + "'");
        }
        for (InetAddress a : all) {
            if (!a.isLoopbackAddress()) {
                throw new LaunchException(HOST + ": '" + host + "' is not a loopback address: the web console "
                        + "listens on this machine only (127.0.0.1 or ::1)");
            }
        }
        return all[0].getHostAddress();
    }

    private static String randomPassword() {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** The console's user and password, from the file; written with a random password when it is not there. */
    static Properties credentials(Path file) {
        Properties p = new Properties();
        if (!Files.exists(file)) {
            p.setProperty(USER, "admin");
            p.setProperty(PASSWORD, randomPassword());
            try {
                // Written whole in a file of the owner's only, then moved into place: never seen half-written, and a
                // second first start that lost the race reads the winner's file.
                Path temp = Files.createTempFile(file.getParent(), ".web", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try (OutputStream out = Files.newOutputStream(temp)) {
                    p.store(out, "The web console's user and password (drivercore --web). Change them here; "
                            + "this file was written with a random password.");
                }
                try {
                    Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    return p;
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    Files.deleteIfExists(temp);
                }
            } catch (IOException | UnsupportedOperationException e) {
                throw new LaunchException("cannot write the web console's credentials into " + file.getParent()
                        + " (" + e + "): write " + USER + " and " + PASSWORD + " into " + file + " yourself");
            }
        }
        try {
            if (!PosixFilePermissions.toString(Files.getPosixFilePermissions(file)).substring(3).equals("------")) {
                throw new LaunchException(file + " is readable by others: chmod 600 it (it holds the console's password)");
            }
        } catch (IOException | UnsupportedOperationException e) {
            // no POSIX permissions here: nothing to check
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
