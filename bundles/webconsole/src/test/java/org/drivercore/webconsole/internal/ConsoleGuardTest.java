package org.drivercore.webconsole.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.drivercore.common.security.SaltedHash;
import org.junit.jupiter.api.Test;

/** The console's guard: this machine's host names only, no changes from other sites, Basic against a salted hash. */
class ConsoleGuardTest {

    private final ConsoleGuard guard = new ConsoleGuard("admin", SaltedHash.of("s3cret-and-long"));

    /** A request with a host, a port, a method and headers (the rest of the interface is not used). */
    private static HttpServletRequest request(String host, int port, String method, Map<String, String> headers) {
        return (HttpServletRequest) Proxy.newProxyInstance(ConsoleGuardTest.class.getClassLoader(),
                new Class<?>[] { HttpServletRequest.class }, (proxy, m, args) -> switch (m.getName()) {
                    case "getServerName" -> host;
                    case "getServerPort" -> port;
                    case "getMethod" -> method;
                    case "getHeader" -> headers.get((String) args[0]);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private static final class Response {
        final Map<String, String> headers = new HashMap<>();
        final StringWriter body = new StringWriter();
        int status = 200;

        HttpServletResponse proxy() {
            return (HttpServletResponse) Proxy.newProxyInstance(ConsoleGuardTest.class.getClassLoader(),
                    new Class<?>[] { HttpServletResponse.class }, (p, m, args) -> {
                        switch (m.getName()) {
                            case "setStatus" -> status = (Integer) args[0];
                            case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                            case "getWriter" -> {
                                return new PrintWriter(body, true);
                            }
                            default -> {
                                // content type, encoding: not looked at
                            }
                        }
                        return null;
                    });
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theRightUserAndPasswordOnThisMachineGetIn() {
        Response r = new Response();
        Object user = guard.authenticate(request("127.0.0.1", 8080, "GET", Map.of("Authorization",
                basic("admin", "s3cret-and-long"))), r.proxy());
        assertThat(user).isEqualTo("admin");
        assertThat(guard.authorize(user, "any")).isTrue();
    }

    @Test
    void aWrongOrMissingPasswordIsAskedForWithBasic() {
        for (Map<String, String> headers : java.util.List.of(Map.<String, String>of(),
                Map.of("Authorization", basic("admin", "admin")), Map.of("Authorization", basic("root", "s3cret-and-long")),
                Map.of("Authorization", "Basic !!not base64!!"))) {
            Response r = new Response();
            assertThat(guard.authenticate(request("localhost", 8080, "GET", headers), r.proxy())).isNull();
            assertThat(r.status).isEqualTo(401);
            assertThat(r.headers.get("WWW-Authenticate")).startsWith("Basic realm=");
        }
    }

    @Test
    void anotherHostNameOrAChangeFromAnotherSiteIsRefusedBeforeThePassword() {
        String good = basic("admin", "s3cret-and-long");
        assertThat(ConsoleGuard.refusal(request("attacker.example", 8080, "GET", Map.of()))).contains("Host attacker.example");
        assertThat(ConsoleGuard.refusal(request("127.0.0.1", 8080, "POST", Map.of("Sec-Fetch-Site", "cross-site"))))
                .isEqualTo("a POST from another site (cross-site)");
        assertThat(ConsoleGuard.refusal(request("127.0.0.1", 8080, "POST", Map.of("Sec-Fetch-Site", "same-site"))))
                .as("another port of this machine is another origin").isNotNull();
        assertThat(ConsoleGuard.refusal(request("127.0.0.1", 8080, "POST", Map.of("Origin", "http://localhost:8080"))))
                .isEqualTo("a POST from another origin (http://localhost:8080)");
        assertThat(ConsoleGuard.refusal(request("127.0.0.1", 8080, "POST", Map.of("Origin", "http://127.0.0.1:9090"))))
                .isNotNull();
        assertThat(ConsoleGuard.refusal(request("127.0.0.1", 8080, "POST", Map.of("Origin", "http://127.0.0.1:8080",
                "Sec-Fetch-Site", "same-origin")))).isNull();
        assertThat(ConsoleGuard.refusal(request("127.0.0.1", 8080, "POST", Map.of()))).as("curl sends neither").isNull();
        assertThat(ConsoleGuard.refusal(request("127.0.0.1", 8080, "GET", Map.of("Sec-Fetch-Site", "cross-site"))))
                .as("a cross-site GET changes nothing; Basic still applies").isNull();
        Response r = new Response();
        assertThat(guard.authenticate(request("127.0.0.1", 8080, "POST", Map.of("Authorization", good, "Sec-Fetch-Site",
                "cross-site")), r.proxy())).isNull();
        assertThat(r.status).isEqualTo(403);
    }

    @Test
    void withoutTheLaunchersPropertiesTheGuardDoesNotStart() {
        assertThatThrownBy(() -> new ConsoleGuard(null, null)).hasMessageContaining("drivercore.web.password.sha256");
    }

    @Test
    void aPathForLoadStaysOneQuotedArgument() throws Exception {
        assertThat(DcCommands.quoted("/tmp/my machine.json")).isEqualTo("'/tmp/my machine.json'");
        assertThat(DcCommands.quoted("/tmp/${x};rm -rf /")).isEqualTo("'/tmp/${x};rm -rf /'");
        for (String bad : new String[] { null, " ", "/tmp/a'b", "/tmp/a\nb" }) {
            assertThatThrownBy(() -> DcCommands.quoted(bad)).isInstanceOf(DcCommands.Refused.class);
        }
    }
}
