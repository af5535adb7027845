package org.drivercore.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class BuiltInBundlesTest {

    @Test
    void theBuiltInsAreEveryAutoStartAndAutoInstallLocationWithItsLevel() {
        Map<String, String> config = Map.of(
                "felix.auto.start.3", " \"reference:file:/d/bundle/a.jar\" \"reference:file:/d/my dir/b.jar\"",
                "felix.auto.install.5", "reference:file:/d/bundle/c.jar",
                "felix.auto.start", "reference:file:/d/bundle/nolevel.jar",
                "felix.fileinstall.dir", "/d/deploy");

        Map<String, BuiltInBundles.BuiltIn> builtIns = BuiltInBundles.parse(config);

        assertThat(builtIns).containsOnlyKeys("reference:file:/d/bundle/a.jar", "reference:file:/d/my dir/b.jar",
                "reference:file:/d/bundle/c.jar");
        assertThat(builtIns.get("reference:file:/d/my dir/b.jar")).isEqualTo(
                new BuiltInBundles.BuiltIn("reference:file:/d/my dir/b.jar", 3, true));
        assertThat(builtIns.get("reference:file:/d/bundle/c.jar").start()).isFalse();
    }
}
