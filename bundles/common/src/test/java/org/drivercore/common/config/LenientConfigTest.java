package org.drivercore.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A setting that cannot be read is its default, said once in one line; the others read as given. */
class LenientConfigTest {

    @interface Config {
        int shutdown_timeout_s() default 5;

        String strategy() default "dag";
    }

    /** What SCR hands a component when the .cfg says shutdown.timeout.s=lots: the accessor throws when read. */
    private static Config scrWith(String timeout) {
        return (Config) Proxy.newProxyInstance(Config.class.getClassLoader(), new Class<?>[] {Config.class}, (p, m, a) -> {
            if (m.getName().equals("shutdown_timeout_s")) {
                return Integer.parseInt(timeout);
            }
            return "serial";
        });
    }

    @Test
    void aValueThatIsNotANumberIsItsDefaultSaidOnce() {
        List<String> said = new ArrayList<>();
        Config c = LenientConfig.of(Config.class, scrWith("lots"), "org.drivercore.driver.nvme", said::add);

        assertThat(c.shutdown_timeout_s()).isEqualTo(5);
        assertThat(c.shutdown_timeout_s()).isEqualTo(5);
        assertThat(c.strategy()).isEqualTo("serial");
        assertThat(said).containsExactly("org.drivercore.driver.nvme: shutdown.timeout.s cannot be read ('lots' is not a "
                + "number); using its default 5");
    }

    @Test
    void aGoodValueIsReadAsGiven() {
        List<String> said = new ArrayList<>();
        assertThat(LenientConfig.of(Config.class, scrWith("12"), "pid", said::add).shutdown_timeout_s()).isEqualTo(12);
        assertThat(said).isEmpty();
    }
}
