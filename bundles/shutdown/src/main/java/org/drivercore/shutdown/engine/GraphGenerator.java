package org.drivercore.shutdown.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

import org.drivercore.api.LatencyModel;
import org.drivercore.api.LinkFlag;
import org.drivercore.api.shutdown.AsyncSource;
import org.drivercore.api.shutdown.ShutdownCallback;
import org.drivercore.api.shutdown.ShutdownGraph;
import org.drivercore.api.shutdown.ShutdownNode;

/**
 * Seeded synthetic shutdown graphs, for properties and benchmarks.
 *
 * <p>A forest is grown device by device (each new device is a root, or the child of a random device that still
 * has room under the fan-out and depth limits), then links are added from each device to earlier ones, so the
 * graph is acyclic. Devices are added to the list in creation order, which puts parents before children and
 * suppliers before consumers, as {@code device_add} and {@code device_reorder_to_tail} keep them under Linux's rules
 * since 4.18. Two knobs put dependencies behind their dependents. {@code syncstate} adds links that only exist for
 * sync-state from a device to a supplier listed after it, as fw_devlink's permissive links are made without a
 * reorder: they order nothing in Linux, but Hayes v8 as merged waited on them. {@code disorder} picks devices that
 * move to the tail alone, as {@code really_probe()}'s {@code devices_kset_move_last()} did before Linux 4.18 (and
 * still does in vendor trees of that age), which leaves such a parent behind its children and such a supplier behind
 * its consumers. A device that shuts down asynchronously is flagged by every kernel generation (subsystem, driver,
 * probe, bus hooks), so that every strategy sees the same async set. Callbacks sleep their latency through the
 * {@link org.drivercore.api.ShutdownContext}; a latency depends only on the model, the seed and the device
 * path. The same spec always gives the same graph; the tree, the links, the flags and the order draw from
 * separate streams of the seed, so changing {@code disorder} alone changes only the list order.
 */
public final class GraphGenerator {

    /** The keys of the text form, in the order {@link Spec#toString()} writes them. */
    public static final List<String> KEYS =
            List.of("devices", "fanout", "depth", "async", "links", "nocallback", "latency", "seed", "disorder", "syncstate");

    /**
     * What to generate.
     *
     * @param devices       how many devices, at least 1
     * @param maxFanout     the most children a device gets, at least 1
     * @param maxDepth      the most levels of a tree (1: every device is a root), at least 1
     * @param asyncFraction the chance that a device with work shuts down asynchronously, in [0, 1]
     * @param links         the mean number of supplier links per device, in [0, 8] (each to an earlier device
     *                      that is not its parent; fewer when there are not enough)
     * @param noCallback    the chance that a device has no shutdown callback (an ordering-only node), in [0, 1]
     * @param latency       each callback's latency
     * @param seed          the seed of every random choice and of the latencies
     * @param disorder      the chance that a device moves to the tail of the list alone (a pre-4.18 probe), in [0, 1]
     * @param syncState     the mean number of sync-state-only links per device to a supplier listed after it, in
     *                      [0, 8]
     */
    public record Spec(int devices, int maxFanout, int maxDepth, double asyncFraction, double links, double noCallback,
            LatencyModel latency, long seed, double disorder, double syncState) {

        public static final Spec DEFAULT = new Spec(50, 4, 6, 0.3, 0.05, 0.1,
                LatencyModel.parse("uniform(1ms, 50ms)"), 1, 0, 0);

        /** Without sync-state-only links. */
        public Spec(int devices, int maxFanout, int maxDepth, double asyncFraction, double links, double noCallback,
                LatencyModel latency, long seed, double disorder) {
            this(devices, maxFanout, maxDepth, asyncFraction, links, noCallback, latency, seed, disorder, 0);
        }

        /** @throws IllegalArgumentException naming the key and why */
        public Spec {
            if (devices < 1 || devices > 1_000_000) {
                throw bad("devices", devices, "must be between 1 and 1000000");
            }
            if (maxFanout < 1) {
                throw bad("fanout", maxFanout, "must be at least 1");
            }
            if (maxDepth < 1) {
                throw bad("depth", maxDepth, "must be at least 1 (1: every device is a root)");
            }
            fraction("async", asyncFraction);
            fraction("nocallback", noCallback);
            fraction("disorder", disorder);
            if (!(syncState >= 0 && syncState <= 8)) {
                throw bad("syncstate", syncState, "must be a mean number of links per device between 0 and 8");
            }
            if (!(links >= 0 && links <= 8)) {
                throw bad("links", links, "must be a mean number of links per device between 0 and 8");
            }
            Objects.requireNonNull(latency, "latency");
        }

        private static void fraction(String key, double v) {
            if (!(v >= 0 && v <= 1)) {
                throw bad(key, v, "must be a fraction between 0 and 1");
            }
        }

        private static IllegalArgumentException bad(String key, Object value, String why) {
            return new IllegalArgumentException("graph spec: " + key + "=" + value + " " + why);
        }

        /**
         * Reads {@code key=value} pairs separated by commas (commas inside parentheses belong to the value, as in
         * {@code latency=uniform(1ms, 50ms)}); keys left out keep their {@link #DEFAULT}.
         *
         * @throws IllegalArgumentException naming the key and why
         */
        public static Spec parse(String text) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String item : split(text == null ? "" : text)) {
                int eq = item.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException("graph spec: '" + item + "' is not key=value (keys: "
                            + String.join(", ", KEYS) + ")");
                }
                String key = item.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String value = item.substring(eq + 1).trim();
                if (!KEYS.contains(key)) {
                    throw new IllegalArgumentException("graph spec: unknown key '" + key + "' (keys: "
                            + String.join(", ", KEYS) + ")");
                }
                if (values.put(key, value) != null) {
                    throw new IllegalArgumentException("graph spec: key '" + key + "' is given twice");
                }
                if (value.isEmpty()) {
                    throw new IllegalArgumentException("graph spec: key '" + key + "' has no value");
                }
            }
            Spec d = DEFAULT;
            return new Spec(
                    integer(values, "devices", d.devices()),
                    integer(values, "fanout", d.maxFanout()),
                    integer(values, "depth", d.maxDepth()),
                    number(values, "async", d.asyncFraction()),
                    number(values, "links", d.links()),
                    number(values, "nocallback", d.noCallback()),
                    latency(values, d.latency()),
                    seed(values, d.seed()),
                    number(values, "disorder", d.disorder()),
                    number(values, "syncstate", d.syncState()));
        }

        private static List<String> split(String text) {
            List<String> items = new ArrayList<>();
            int depth = 0;
            int from = 0;
            for (int i = 0; i <= text.length(); i++) {
                char ch = i < text.length() ? text.charAt(i) : ',';
                if (ch == '(') {
                    depth++;
                } else if (ch == ')') {
                    depth = Math.max(0, depth - 1);
                } else if (ch == ',' && depth == 0) {
                    String item = text.substring(from, Math.min(i, text.length())).trim();
                    if (!item.isEmpty()) {
                        items.add(item);
                    }
                    from = i + 1;
                }
            }
            if (depth != 0) {
                throw new IllegalArgumentException("graph spec: unbalanced parentheses in '" + text + "'");
            }
            return items;
        }

        private static int integer(Map<String, String> values, String key, int otherwise) {
            String v = values.get(key);
            if (v == null) {
                return otherwise;
            }
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("graph spec: " + key + "=" + v + " is not a whole number");
            }
        }

        private static long seed(Map<String, String> values, long otherwise) {
            String v = values.get("seed");
            if (v == null) {
                return otherwise;
            }
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("graph spec: seed=" + v + " is not a whole number");
            }
        }

        private static double number(Map<String, String> values, String key, double otherwise) {
            String v = values.get(key);
            if (v == null) {
                return otherwise;
            }
            try {
                double d = Double.parseDouble(v);
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("graph spec: " + key + "=" + v + " is not a number");
            }
        }

        private static LatencyModel latency(Map<String, String> values, LatencyModel otherwise) {
            String v = values.get("latency");
            if (v == null) {
                return otherwise;
            }
            try {
                return LatencyModel.parse(v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("graph spec: latency: " + e.getMessage(), e);
            }
        }

        public Spec withDevices(int n) {
            return new Spec(n, maxFanout, maxDepth, asyncFraction, links, noCallback, latency, seed, disorder, syncState);
        }

        public Spec withSeed(long s) {
            return new Spec(devices, maxFanout, maxDepth, asyncFraction, links, noCallback, latency, s, disorder, syncState);
        }

        public Spec withDisorder(double d) {
            return new Spec(devices, maxFanout, maxDepth, asyncFraction, links, noCallback, latency, seed, d, syncState);
        }

        /** The text form, which {@link #parse(String)} reads back to an equal spec. */
        @Override
        public String toString() {
            return "devices=" + devices + ",fanout=" + maxFanout + ",depth=" + maxDepth + ",async=" + asyncFraction
                    + ",links=" + links + ",nocallback=" + noCallback + ",latency=" + latency + ",seed=" + seed
                    + ",disorder=" + disorder + (syncState == 0 ? "" : ",syncstate=" + syncState);
        }

        // LatencyModel has no equals: compare specs by their text.
        @Override
        public boolean equals(Object o) {
            return o instanceof Spec s && s.toString().equals(toString());
        }

        @Override
        public int hashCode() {
            return toString().hashCode();
        }
    }

    /** A dependency edge whose dependency (parent or supplier) is listed after its dependent (child or consumer). */
    public record Misordered(int dependency, int dependent, String relation) {
    }

    private static final long TREE = 0x7472656571L;
    private static final long LINKS = 0x6c696e6b73L;
    private static final long FLAGS = 0x666c616773L;
    private static final long ORDER = 0x6f72646572L;
    private static final long SYNC_STATE = 0x73796e63L;
    /** A generated async device is flagged by every kernel generation. */
    private static final Set<AsyncSource> EVERY_GENERATION = EnumSet.of(AsyncSource.SUBSYSTEM, AsyncSource.DRIVER,
            AsyncSource.DEVICE, AsyncSource.BUS_HOOKS);

    private GraphGenerator() {
    }

    /** Parses the spec and generates its graph. */
    public static ShutdownGraph generate(String spec) {
        return generate(Spec.parse(spec));
    }

    public static ShutdownGraph generate(Spec spec) {
        int n = spec.devices();
        int[] parent = forest(spec);
        List<List<Integer>> suppliers = links(spec, parent);
        // Work and async flags: a device with work is flagged with the async fraction, by every generation.
        Random flags = stream(spec.seed(), FLAGS);
        boolean[] work = new boolean[n];
        boolean[] async = new boolean[n];
        for (int id = 0; id < n; id++) {
            double w = flags.nextDouble();
            double a = flags.nextDouble();
            flags.nextBoolean(); // kept, so that a seed gives the graphs it gave
            work[id] = w >= spec.noCallback();
            async[id] = work[id] && a < spec.asyncFraction();
        }
        List<List<Integer>> lateSuppliers = syncStateLinks(spec);
        List<Integer> list = listOrder(spec);
        int[] position = new int[n];
        for (int i = 0; i < n; i++) {
            position[list.get(i)] = i;
        }
        String[] path = new String[n];
        for (int id = 0; id < n; id++) {
            path[id] = (parent[id] < 0 ? "/devices" : path[parent[id]]) + "/d" + id;
        }
        List<ShutdownNode.Builder> nodes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int id = list.get(i);
            List<ShutdownNode.Link> sup = new ArrayList<>();
            suppliers.get(id).stream().map(s -> position[s]).sorted().forEach(s -> sup.add(new ShutdownNode.Link(s, Set.of())));
            lateSuppliers.get(id).stream().map(s -> position[s]).sorted()
                    .forEach(s -> sup.add(new ShutdownNode.Link(s, EnumSet.of(LinkFlag.SYNC_STATE_ONLY, LinkFlag.MANAGED))));
            ShutdownCallback callback = null;
            if (work[id]) {
                Duration latency = spec.latency().sample(spec.seed(), path[id]);
                callback = ctx -> ctx.sleep(latency);
            }
            nodes.add(ShutdownNode.builder(i, path[id]).parent(parent[id] < 0 ? null : position[parent[id]])
                    .supplierLinks(sup).asyncFlags(async[id] ? EVERY_GENERATION : Set.of())
                    .async(async[id] ? AsyncSource.SUBSYSTEM : null)
                    .driver(work[id] ? (async[id] ? "gen-async" : "gen-sync") : null)
                    .callback(callback));
        }
        return new ShutdownGraph("generated(" + spec + ")", nodes);
    }

    /** The tree, in creation order: each device a root or the child of an earlier device with room; -1 for a root. */
    private static int[] forest(Spec spec) {
        int n = spec.devices();
        Random tree = stream(spec.seed(), TREE);
        int[] parent = new int[n];
        int[] level = new int[n];
        int[] childCount = new int[n];
        List<Integer> roomy = new ArrayList<>();
        for (int id = 0; id < n; id++) {
            parent[id] = -1;
            level[id] = 1;
            if (!roomy.isEmpty() && tree.nextInt(20) != 0) {
                int slot = tree.nextInt(roomy.size());
                int p = roomy.get(slot);
                parent[id] = p;
                level[id] = level[p] + 1;
                if (++childCount[p] >= spec.maxFanout()) {
                    roomy.set(slot, roomy.get(roomy.size() - 1));
                    roomy.remove(roomy.size() - 1);
                }
            }
            if (level[id] < spec.maxDepth()) {
                roomy.add(id);
            }
        }
        return parent;
    }

    /** Per device, its suppliers: earlier devices that are not its parent, so the graph stays acyclic. */
    private static List<List<Integer>> links(Spec spec, int[] parent) {
        int n = spec.devices();
        Random links = stream(spec.seed(), LINKS);
        List<List<Integer>> suppliers = new ArrayList<>(n);
        int whole = (int) Math.floor(spec.links());
        double part = spec.links() - whole;
        for (int id = 0; id < n; id++) {
            List<Integer> mine = new ArrayList<>();
            int want = whole + (links.nextDouble() < part ? 1 : 0);
            int candidates = id - (parent[id] >= 0 ? 1 : 0);
            want = Math.min(want, candidates);
            while (mine.size() < want) {
                int s = links.nextInt(id);
                if (s != parent[id] && !mine.contains(s)) {
                    mine.add(s);
                }
            }
            Collections.sort(mine);
            suppliers.add(mine);
        }
        return suppliers;
    }

    /** Per device, the suppliers of its sync-state-only links: later devices that are not its descendants. */
    private static List<List<Integer>> syncStateLinks(Spec spec) {
        int n = spec.devices();
        Random r = stream(spec.seed(), SYNC_STATE);
        int whole = (int) Math.floor(spec.syncState());
        double part = spec.syncState() - whole;
        List<List<Integer>> out = new ArrayList<>(n);
        for (int id = 0; id < n; id++) {
            List<Integer> mine = new ArrayList<>();
            int want = Math.min(whole + (r.nextDouble() < part ? 1 : 0), n - 1 - id);
            while (mine.size() < want) {
                int s = id + 1 + r.nextInt(n - 1 - id);
                if (!mine.contains(s)) {
                    mine.add(s);
                }
            }
            out.add(mine);
        }
        return out;
    }

    /**
     * The list, by creation id: creation order, then late probes move to the tail one by one (the probe move of Linux
     * 4.3 to 4.17, 52cdbdd49853 to 722e5f2b1eec), which leaves the others in creation order, then the late ones in
     * the order they moved.
     */
    private static List<Integer> listOrder(Spec spec) {
        Random order = stream(spec.seed(), ORDER);
        List<Integer> list = new ArrayList<>(spec.devices());
        List<Integer> late = new ArrayList<>();
        for (int id = 0; id < spec.devices(); id++) {
            if (order.nextDouble() < spec.disorder()) {
                late.add(id);
            } else {
                list.add(id);
            }
        }
        Collections.shuffle(late, order);
        list.addAll(late);
        return list;
    }

    /** Each node's latency in emulated nanoseconds, by list index: 0 for an ordering-only node. */
    public static long[] latencies(ShutdownGraph graph, Spec spec) {
        long[] out = new long[graph.size()];
        for (ShutdownNode n : graph.nodes()) {
            out[n.index()] = n.hasWork() ? spec.latency().sample(spec.seed(), n.path()).toNanos() : 0;
        }
        return out;
    }

    /** Every parent or supplier listed after one of its children or consumers (what pre-4.18 late probes leave). */
    public static List<Misordered> misordered(ShutdownGraph graph) {
        List<Misordered> out = new ArrayList<>();
        for (ShutdownNode n : graph.nodes()) {
            for (int c : n.children()) {
                if (c < n.index()) {
                    out.add(new Misordered(n.index(), c, "child"));
                }
            }
            for (int c : n.consumers()) {
                if (c < n.index() && !n.children().contains(c)) {
                    out.add(new Misordered(n.index(), c, "consumer"));
                }
            }
        }
        return out;
    }

    private static Random stream(long seed, long salt) {
        long z = seed * 0x9E3779B97F4A7C15L + salt;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new Random(z ^ (z >>> 31));
    }
}
