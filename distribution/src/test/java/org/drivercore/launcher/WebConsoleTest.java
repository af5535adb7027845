package org.drivercore.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web console's settings: off by default, loopback only, a free port, never the default password. */
class WebConsoleTest {

    @TempDir
    Path conf;

    private Map<String, String> settings(String port) {
        Map<String, String> p = new HashMap<>();
        p.put(WebConsole.PORT, port);
        p.put(WebConsole.BUNDLES, "\"reference:file:/x/webconsole.jar\"");
        p.put("felix.auto.start.2", "\"reference:file:/x/scr.jar\"");
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void offUnlessTheFlagOrTheSettingAsks() {
        assertThat(WebConsole.enabled(false, true, Map.of())).isFalse();
        assertThat(WebConsole.enabled(false, true, Map.of(WebConsole.ENABLED, "false"))).isFalse();
        assertThat(WebConsole.enabled(false, true, Map.of(WebConsole.ENABLED, " true "))).isTrue();
        assertThat(WebConsole.enabled(true, true, Map.of())).isTrue();
        assertThat(WebConsole.enabled(true, false, Map.of(WebConsole.ENABLED, "true"))).as("a one-shot command").isFalse();
        Map<String, String> off = new HashMap<>();
        WebConsole.keepOff(off);
        assertThat(off).containsEntry("org.apache.felix.http.enable", "false")
                .containsEntry("org.apache.felix.http.host", "127.0.0.1");
    }

    @Test
    void onItStartsTheBundlesAndTheHttpServiceOnLoopbackWithARandomPasswordKeptInConf() throws IOException {
        int port = freePort();
        Map<String, String> p = settings(Integer.toString(port));
        String address = WebConsole.configure(p, conf);

        assertThat(address).isEqualTo("http://127.0.0.1:" + port + "/system/console/drivercore");
        assertThat(p.get("felix.auto.start.2")).isEqualTo("\"reference:file:/x/scr.jar\" \"reference:file:/x/webconsole.jar\"");
        assertThat(p).containsEntry("org.apache.felix.http.enable", "true").containsEntry("org.apache.felix.http.host",
                "127.0.0.1").containsEntry("org.osgi.service.http.port", Integer.toString(port));
        Path file = conf.resolve(WebConsole.CREDENTIALS_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        Properties written = new Properties();
        try (var in = Files.newInputStream(file)) {
            written.load(in);
        }
        String password = written.getProperty(WebConsole.PASSWORD);
        assertThat(password).hasSizeGreaterThanOrEqualTo(20).isNotEqualTo("admin");
        // The console is given the user, a salted hash for drivercore's guard, and not the password itself.
        assertThat(p).containsEntry("felix.webconsole.security.providers", "drivercore")
                .containsEntry("drivercore.web.user", "admin");
        assertThat(org.drivercore.common.security.SaltedHash.matches(p.get("drivercore.web.password.sha256"), password))
                .isTrue();
        assertThat(p.values()).doesNotContain(password);
        // The next start keeps it.
        Map<String, String> again = settings(Integer.toString(port));
        WebConsole.configure(again, conf);
        assertThat(org.drivercore.common.security.SaltedHash.matches(again.get("drivercore.web.password.sha256"), password))
                .isTrue();
        // A copy readable by others is refused.
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> WebConsole.configure(settings(Integer.toString(port)), conf))
                .hasMessage(file + " is readable by others: chmod 600 it (it holds the console's password)");
    }

    @Test
    void aHostThatIsNotLoopbackABadPortAPortInUseAndTheDefaultPasswordAreRefused() throws IOException {
        Map<String, String> p = settings("8080");
        p.put(WebConsole.HOST, "0.0.0.0");
        assertThatThrownBy(() -> WebConsole.configure(p, conf)).isInstanceOf(LaunchException.class)
                .hasMessage("drivercore.web.host: '0.0.0.0' is not a loopback address: the web console listens on this "
                        + "machine only (127.0.0.1 or ::1)");
        assertThatThrownBy(() -> WebConsole.configure(settings("http"), conf))
                .hasMessage("drivercore.web.port: 'http' is not a port number (conf/config.properties)");
        assertThatThrownBy(() -> WebConsole.configure(settings("70000"), conf))
                .hasMessage("drivercore.web.port: 70000 is not a port from 1 to 65535 (conf/config.properties)");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> WebConsole.configure(settings(Integer.toString(taken.getLocalPort())), conf))
                    .hasMessageStartingWith("drivercore.web.port: cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
        Files.writeString(conf.resolve("org.apache.felix.http.cfg"), "org.apache.felix.http.host=0.0.0.0\n");
        assertThatThrownBy(() -> WebConsole.configure(settings(Integer.toString(freePort())), conf))
                .hasMessageEndingWith("org.apache.felix.http.cfg: the web console's address is set by drivercore.web.host "
                        + "and drivercore.web.port in conf/config.properties; remove this file");
        Files.delete(conf.resolve("org.apache.felix.http.cfg"));
        Properties admin = new Properties();
        admin.setProperty(WebConsole.USER, "admin");
        admin.setProperty(WebConsole.PASSWORD, "admin");
        try (var out = Files.newOutputStream(conf.resolve(WebConsole.CREDENTIALS_FILE))) {
            admin.store(out, null);
        }
        Files.setPosixFilePermissions(conf.resolve(WebConsole.CREDENTIALS_FILE), PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> WebConsole.configure(settings(Integer.toString(freePort())), conf))
                .hasMessageEndingWith("felix.webconsole.password is the console's default 'admin': choose another");
    }
}
