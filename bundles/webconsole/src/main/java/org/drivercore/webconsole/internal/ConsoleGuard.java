package org.drivercore.webconsole.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.felix.webconsole.spi.SecurityProvider;
import org.drivercore.common.security.SaltedHash;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The web console's authentication and its guard against other sites, for every page of the console (its own
 * Bundles and Configuration tabs included), which has none of its own against cross-site requests: a browser that
 * logged in would send its credentials with another site's form, and a POST to the Bundles tab installs a bundle.
 *
 * <ul>
 * <li>the {@code Host} must be this machine ({@code 127.0.0.1}, {@code ::1}, {@code localhost}): a page of another
 * site whose name was made to resolve to 127.0.0.1 (DNS rebinding) sends its own name;
 * <li>a request that changes something (not GET or HEAD) must come from the console's own origin: the browser's
 * {@code Sec-Fetch-Site} is {@code same-origin} when it sends one, and the {@code Origin} matches the {@code Host};
 * <li>HTTP Basic authentication against the user and the salted SHA-256 of the password that the launcher passes as
 * framework properties (the password itself stays in conf/web.properties; the console shows its framework
 * properties).
 * </ul>
 * The launcher names this provider in {@code felix.webconsole.security.providers}, so the console serves nothing
 * without it.
 */
@Component(property = SecurityProvider.PROPERTY_ID + "=" + ConsoleGuard.ID)
public final class ConsoleGuard implements SecurityProvider {

    static final String ID = "drivercore";
    static final String USER_PROPERTY = "drivercore.web.user";
    /** {@code base64(salt)$base64(sha256(salt || password))}. */
    static final String PASSWORD_HASH_PROPERTY = "drivercore.web.password.sha256";
    static final String REALM = "drivercore web console";

    private final String user;
    private final String passwordHash;

    @Activate
    public ConsoleGuard(BundleContext context) {
        this(context.getProperty(USER_PROPERTY), context.getProperty(PASSWORD_HASH_PROPERTY));
    }

    ConsoleGuard(String user, String saltedHash) {
        if (user == null || saltedHash == null || saltedHash.indexOf('$') < 0) {
            throw new IllegalStateException("the launcher sets " + USER_PROPERTY + " and " + PASSWORD_HASH_PROPERTY
                    + " when it starts the web console");
        }
        this.user = user;
        this.passwordHash = saltedHash;
    }

    @Override
    public Object authenticate(HttpServletRequest request, HttpServletResponse response) {
        String refusal = refusal(request);
        if (refusal != null) {
            send(response, HttpServletResponse.SC_FORBIDDEN, refusal);
            return null;
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                decoded = "";
            }
            int colon = decoded.indexOf(':');
            if (colon > 0 && decoded.substring(0, colon).equals(user)
                    && SaltedHash.matches(passwordHash, decoded.substring(colon + 1))) {
                return user;
            }
        }
        response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
        send(response, HttpServletResponse.SC_UNAUTHORIZED, "the web console needs its user and password "
                + "(conf/web.properties)");
        return null;
    }

    /** Why the request is refused before any password is looked at, or null. */
    static String refusal(HttpServletRequest request) {
        String host = request.getServerName() == null ? "" : request.getServerName().toLowerCase(Locale.ROOT);
        if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("[::1]") && !host.equals("::1")) {
            return "this console answers for this machine only (Host " + host + ")";
        }
        String method = request.getMethod();
        if (method.equals("GET") || method.equals("HEAD")) {
            return null;
        }
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin")) {
            return "a " + method + " from another site (" + site + ")";
        }
        String origin = request.getHeader("Origin");
        if (origin != null) {
            String expected = request.getServerName() + ":" + request.getServerPort();
            URI o;
            try {
                o = URI.create(origin);
            } catch (IllegalArgumentException e) {
                return "a " + method + " with an unreadable Origin";
            }
            int port = o.getPort() < 0 ? ("https".equals(o.getScheme()) ? 443 : 80) : o.getPort();
            if (o.getHost() == null || !(o.getHost() + ":" + port).equalsIgnoreCase(expected)) {
                return "a " + method + " from another origin (" + origin + ")";
            }
        }
        return null;
    }

    private static void send(HttpServletResponse response, int status, String message) {
        try {
            response.setStatus(status);
            response.setContentType("text/plain");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().println(message);
        } catch (java.io.IOException e) {
            // the client went away
        }
    }

    @Override
    public boolean authorize(Object user, String role) {
        return user != null;
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response) {
        // Basic authentication: the browser forgets the credentials, not the server
    }
}
