package org.drivercore.shutdown.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.drivercore.common.text.TextTable;

/** {@code dc:advise}'s output: two ranked tables, or one JSON document with every candidate. Times in seconds. */
final class AdviceReport {

    private AdviceReport() {
    }

    static String text(Advice.Result r, int top) {
        StringBuilder b = new StringBuilder();
        b.append("advice for machine ").append(r.machine()).append(" (").append(r.devices()).append(" devices): shutdown now ")
                .append(s(r.v18Makespan())).append(" under v18 (completions), ").append(s(r.dagMakespan()))
                .append(" under dag; each with its kernel generation's flags (as-kernel, whatever the configured policy); emulated, "
                        + "virtual clock; each gain measured by running the strategy again\n\n");
        b.append("Async opt-ins: the driver calls dev_set_async_shutdown() on its devices (v18's flag), best under v18 first\n");
        if (r.optIns().isEmpty()) {
            b.append("  none: every device with shutdown work is async under v18 already\n");
        } else {
            b.append(table(r.optIns(), top, true));
        }
        b.append("\nLatency cuts: the driver's shutdown taking no time, best under dag first\n");
        b.append(table(r.latencyCuts(), top, false));
        int more = Math.max(0, r.optIns().size() - top) + Math.max(0, r.latencyCuts().size() - top);
        if (more > 0) {
            b.append("(").append(more).append(more == 1 ? " more candidate" : " more candidates")
                    .append(": --top N shows more, --json shows all)\n");
        }
        return b.toString();
    }

    private static String table(List<Advice.Gain> gains, int top, boolean v18First) {
        TextTable t = v18First
                ? new TextTable("RANK", "DRIVER OR DEVICE", "DEVICES", "V18 GAIN", "V18 AFTER", "DAG GAIN", "DAG AFTER")
                : new TextTable("RANK", "DRIVER OR DEVICE", "DEVICES", "DAG GAIN", "DAG AFTER", "V18 GAIN", "V18 AFTER");
        int rank = 1;
        for (Advice.Gain g : gains.subList(0, Math.min(top, gains.size()))) {
            if (v18First) {
                t.row(rank++, g.who(), g.devices(), s(g.v18()), s(g.v18After()), s(g.dag()), s(g.dagAfter()));
            } else {
                t.row(rank++, g.who(), g.devices(), s(g.dag()), s(g.dagAfter()), s(g.v18()), s(g.v18After()));
            }
        }
        return t.toString();
    }

    static Map<String, Object> json(Advice.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("machine", r.machine());
        m.put("devices", r.devices());
        m.put("v18MakespanS", RunReport.seconds(r.v18Makespan()));
        m.put("dagMakespanS", RunReport.seconds(r.dagMakespan()));
        m.put("optIns", gains(r.optIns()));
        m.put("latencyCuts", gains(r.latencyCuts()));
        return m;
    }

    private static List<Map<String, Object>> gains(List<Advice.Gain> gains) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Advice.Gain g : gains) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("who", g.who());
            m.put("devices", g.devices());
            m.put("v18GainS", RunReport.seconds(g.v18()));
            m.put("v18AfterS", RunReport.seconds(g.v18After()));
            m.put("dagGainS", RunReport.seconds(g.dag()));
            m.put("dagAfterS", RunReport.seconds(g.dagAfter()));
            out.add(m);
        }
        return out;
    }


    private static String s(long nanos) {
        return RunReport.secondsText(nanos, 6);
    }
}
