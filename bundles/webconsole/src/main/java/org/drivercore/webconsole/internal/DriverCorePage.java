package org.drivercore.webconsole.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The drivercore page of the Felix Web Console ({@code /system/console/drivercore}): the live device tree, the drivers
 * with their bundles, the links with their flags, the last shutdown or comparison with its table and timeline.
 *
 * <p>Views ({@code GET}, JSON): {@code devices.json}, {@code drivers.json}, {@code links.json} are what
 * {@code dc:devices --json}, {@code dc:drivers --json} and {@code dc:links --json} print; {@code last.json} and
 * {@code last.svg} what {@code dc:report} writes. Actions ({@code POST}): {@code compare}, {@code load} ({@code path}),
 * {@code shutdown} ({@code confirm=poweroff}). The console authenticates every request; an action also needs this
 * page's token in the {@code X-Drivercore-Token} header (a cross-site form cannot set a header, nor read the page to
 * learn the token) and, when the browser says where it comes from, the same origin. {@link ConsoleGuard} guards the
 * whole console (its own tabs too) against other sites and does its authentication.
 */
@Component(service = Servlet.class, property = {
        ServletConstants.PLUGIN_LABEL + "=" + DriverCorePage.LABEL,
        ServletConstants.PLUGIN_TITLE + "=drivercore",
        ServletConstants.PLUGIN_CATEGORY + "=drivercore",
        ServletConstants.PLUGIN_CSS_REFERENCES + "=/" + DriverCorePage.LABEL + "/res/drivercore.css" })
public final class DriverCorePage extends AbstractServlet {

    static final String LABEL = "drivercore";
    static final String TOKEN_HEADER = "X-Drivercore-Token";
    private static final long serialVersionUID = 1L;

    private final transient DcCommands commands;
    private final String token;

    @Activate
    public DriverCorePage(@Reference CommandProcessor processor) {
        this.commands = new DcCommands(processor);
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.token = HexFormat.of().formatHex(random);
    }

    /** {@code /drivercore/res/X} is the bundle's {@code /res/X}. */
    @Override
    protected URL getResource(String path) {
        String prefix = "/" + LABEL + "/res/";
        return path != null && path.startsWith(prefix) && !path.contains("..")
                ? getClass().getResource("/res/" + path.substring(prefix.length())) : null;
    }

    /** The part of the path after the page's label: {@code /devices.json}, or empty for the page. */
    private static String view(HttpServletRequest request) {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String prefix = "/" + LABEL;
        return path.startsWith(prefix) ? path.substring(prefix.length()) : path;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException,
            jakarta.servlet.ServletException {
        String view = view(request);
        try {
            switch (view) {
                case "/devices.json" -> send(response, "application/json", commands.run("dc:devices --json"));
                case "/drivers.json" -> send(response, "application/json", commands.run("dc:drivers --json"));
                case "/links.json" -> send(response, "application/json", commands.run("dc:links --json"));
                case "/last.json" -> send(response, "application/json", commands.report("--json", ".json"));
                case "/last.svg" -> send(response, "image/svg+xml", commands.report("--svg", ".svg"));
                default -> super.doGet(request, response);
            }
        } catch (DcCommands.Refused e) {
            error(response, view.startsWith("/last") ? HttpServletResponse.SC_NOT_FOUND : HttpServletResponse.SC_CONFLICT,
                    e.getMessage());
        } catch (IOException e) {
            error(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, view + ": " + e.getMessage());
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String refusal = refusal(request);
        if (refusal != null) {
            error(response, HttpServletResponse.SC_FORBIDDEN, refusal);
            return;
        }
        try {
            switch (view(request)) {
                case "/compare" -> send(response, "application/json", commands.run("dc:compare --clock virtual --json"));
                case "/load" -> result(response, commands.run("dc:load --replace "
                        + DcCommands.quoted(request.getParameter("path"))));
                case "/shutdown" -> {
                    if (!"poweroff".equals(request.getParameter("confirm"))) {
                        error(response, HttpServletResponse.SC_BAD_REQUEST, "shutdown: confirm=poweroff is missing: a "
                                + "power-off stops the container");
                        return;
                    }
                    result(response, commands.run("dc:shutdown"));
                }
                default -> error(response, HttpServletResponse.SC_NOT_FOUND, "no action " + view(request));
            }
        } catch (DcCommands.Refused e) {
            error(response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
        }
    }

    /** Why an action is refused (null: it is not): the token, and the origin when the browser names it. */
    private String refusal(HttpServletRequest request) {
        String given = request.getHeader(TOKEN_HEADER);
        if (given == null || !java.security.MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8))) {
            return "this page's token is missing or wrong (" + TOKEN_HEADER + "): reload the page";
        }
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin")) {
            return "a request from another site (" + site + ")";
        }
        return null;
    }

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object root = request.getAttribute(ServletConstants.ATTR_PLUGIN_ROOT);
        String pluginRoot = root == null ? "/system/console/" + LABEL : root.toString();
        PrintWriter out = response.getWriter();
        out.println("<div id=\"drivercore\" data-root=\"" + PageText.attribute(pluginRoot) + "\" data-token=\""
                + PageText.attribute(token) + "\">");
        out.println(PageText.resource("/res/page.html"));
        out.println("</div>");
        out.println("<script src=\"" + PageText.attribute(pluginRoot) + "/res/drivercore.js\"></script>");
    }

    private static void send(HttpServletResponse response, String type, String body) throws IOException {
        setNoCache(response);
        response.setContentType(type);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(body);
    }

    private static void result(HttpServletResponse response, String text) throws IOException {
        send(response, "application/json", "{\"result\":" + PageText.jsonString(text) + "}");
    }

    private static void error(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        send(response, "application/json", "{\"error\":" + PageText.jsonString(message) + "}");
    }
}
