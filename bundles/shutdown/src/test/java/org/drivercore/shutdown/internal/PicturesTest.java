package org.drivercore.shutdown.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.drivercore.api.ShutdownMode;
import org.drivercore.api.shutdown.AsyncPolicy;
import org.drivercore.common.json.Json;
import org.drivercore.shutdown.engine.CriticalPath;
import org.drivercore.shutdown.engine.GraphGenerator;
import org.drivercore.shutdown.engine.NodeRecord;
import org.drivercore.shutdown.engine.ThreadSpan;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The timeline (SVG) and the trace (Chrome trace events) of a run, checked against the engine's own trace. */
class PicturesTest {

    private static final Runs.Clocking VIRTUAL = new Runs.Clocking(Clock.VIRTUAL, 1, Optional.empty(), Duration.ofSeconds(15),
            ShutdownMode.POWEROFF);

    private static RunReport dagRun(String spec) {
        var g = GraphGenerator.generate(spec);
        Runs.StrategyRun run = Runs.run(g, new Runs.Choice(Graphs.dag(), 2), AsyncPolicy.AS_KERNEL, VIRTUAL);
        return RunReport.of(run, CriticalPath.durations(run.result()));
    }

    @Test
    void theTraceHasASliceForEveryCallbackAndEveryThreadHoldAndFlowsThatGoForward() throws Exception {
        RunReport r = dagRun("devices=300,seed=3,async=0.5,links=0.5,latency=uniform(1ms, 20ms)");
        JsonNode doc = new ObjectMapper().readTree(Json.write(PerfettoTrace.of("gen", VIRTUAL, r)));

        assertThat(doc.path("metadata").path("strategy").asText()).isEqualTo("dag");
        assertThat(doc.path("metadata").path("machine").asText()).isEqualTo("gen");
        Map<Integer, JsonNode> deviceSlices = new HashMap<>();
        List<JsonNode> threadSlices = new ArrayList<>();
        Map<Integer, JsonNode> flowStarts = new HashMap<>();
        Map<Integer, JsonNode> flowEnds = new HashMap<>();
        for (JsonNode e : doc.path("traceEvents")) {
            switch (e.path("ph").asText()) {
                case "X" -> {
                    if (e.path("pid").asInt() == PerfettoTrace.DEVICES) {
                        assertThat(deviceSlices.put(e.path("tid").asInt(), e)).as("one slice per device").isNull();
                    } else {
                        threadSlices.add(e);
                    }
                }
                case "s" -> flowStarts.put(e.path("id").asInt(), e);
                case "f" -> flowEnds.put(e.path("id").asInt(), e);
                case "M" -> assertThat(e.path("args").path("name").asText()).isNotBlank();
                default -> throw new AssertionError("unexpected event " + e);
            }
        }
        for (NodeRecord n : r.run().records()) {
            if (n.hasWork()) {
                JsonNode slice = deviceSlices.get(n.index());
                assertThat(slice).as(n.path()).isNotNull();
                assertThat(slice.path("ts").asDouble()).isEqualTo(n.start() / 1000.0);
                assertThat(slice.path("dur").asDouble()).isEqualTo((n.end() - n.start()) / 1000.0);
            } else {
                assertThat(deviceSlices).doesNotContainKey(n.index());
            }
        }
        assertThat(deviceSlices).hasSize((int) r.run().records().stream().filter(NodeRecord::hasWork).count());
        assertThat(threadSlices).hasSize(r.run().threadSpans().size());
        for (ThreadSpan s : r.run().threadSpans()) {
            assertThat(threadSlices).anySatisfy(e -> {
                assertThat(e.path("ts").asDouble()).isEqualTo(s.from() / 1000.0);
                assertThat(e.path("name").asText()).isEqualTo(s.program());
            });
        }
        // Every arrow is paired, starts inside its dependency's slice and ends at its dependent's start.
        assertThat(flowStarts.keySet()).isEqualTo(flowEnds.keySet()).isNotEmpty();
        flowStarts.forEach((id, s) -> {
            JsonNode f = flowEnds.get(id);
            JsonNode from = deviceSlices.get(s.path("tid").asInt());
            JsonNode to = deviceSlices.get(f.path("tid").asInt());
            assertThat(s.path("ts").asDouble()).isBetween(from.path("ts").asDouble(),
                    from.path("ts").asDouble() + from.path("dur").asDouble());
            assertThat(f.path("ts").asDouble()).isEqualTo(to.path("ts").asDouble()).isGreaterThanOrEqualTo(s.path("ts").asDouble());
        });
    }

    @Test
    void theTimelineIsSvgWithARowPerDeviceWithWorkAndTheCriticalPathOutlined() throws Exception {
        RunReport r = dagRun("devices=200,seed=5,async=0.6,links=0.3,nocallback=0.3,latency=uniform(1ms, 50ms)");
        String svg = TimelineSvg.render("gen", r, CriticalPath.durations(r.run()));
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));

        NodeList rects = doc.getElementsByTagName("rect");
        int bars = 0;
        int critical = 0;
        for (int i = 0; i < rects.getLength(); i++) {
            String cls = ((Element) rects.item(i)).getAttribute("class");
            if (!cls.isEmpty()) {
                bars++;
                critical += cls.contains("critical") ? 1 : 0;
            }
        }
        long withWork = r.run().records().stream().filter(NodeRecord::hasWork).count();
        assertThat(bars).isEqualTo((int) withWork);
        assertThat(critical).isPositive();
        assertThat(svg).contains((r.run().records().size() - withWork) + " without work (ordering only) folded")
                .contains(" s</text>");

        // Rendered, as a browser would: the image has the SVG's size, and the done bars' blue is on it.
        java.awt.image.BufferedImage png = render(svg);
        assertThat(png.getWidth()).isEqualTo(TimelineSvg.LABEL + TimelineSvg.CHART + 24);
        int blue = 0;
        for (int x = TimelineSvg.LABEL; x < png.getWidth(); x++) {
            for (int y = TimelineSvg.TOP; y < png.getHeight(); y += 2) {
                if ((png.getRGB(x, y) & 0xffffff) == 0x4e79a7) {
                    blue++;
                }
            }
        }
        assertThat(blue).as("pixels of done bars").isGreaterThan(100);
    }

    /** The SVG rendered to PNG by Batik, read back. */
    static java.awt.image.BufferedImage render(String svg) throws Exception {
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        new org.apache.batik.transcoder.image.PNGTranscoder().transcode(
                new org.apache.batik.transcoder.TranscoderInput(new java.io.StringReader(svg)),
                new org.apache.batik.transcoder.TranscoderOutput(png));
        return javax.imageio.ImageIO.read(new ByteArrayInputStream(png.toByteArray()));
    }
}
