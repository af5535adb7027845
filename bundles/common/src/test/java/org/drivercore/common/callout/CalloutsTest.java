package org.drivercore.common.callout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

class CalloutsTest {

    @Test
    void aResultPassesThrough() {
        int result = Callouts.call(() -> 42, e -> -1);
        assertThat(result).isEqualTo(42);
    }

    @Test
    void exceptionsAndLinkageErrorsGoToTheFallback() {
        String fallback = Callouts.<String>call(() -> {
            throw new IllegalStateException("driver bug");
        }, Throwable::getMessage);
        assertThat(fallback).isEqualTo("driver bug");
        List<Throwable> seen = new ArrayList<>();
        Callouts.run(() -> {
            throw new NoClassDefFoundError("org/example/Updated");
        }, seen::add);
        assertThat(seen).singleElement().isInstanceOf(NoClassDefFoundError.class);
    }

    @Test
    void virtualMachineErrorsGoOn() {
        assertThatThrownBy(() -> Callouts.call(() -> {
            throw new OutOfMemoryError("heap");
        }, e -> null)).isInstanceOf(OutOfMemoryError.class);
    }

    @Test
    void unwrapTakesTheCauseOfACompletionExceptionOnly() {
        IllegalStateException cause = new IllegalStateException("x");
        assertThat(Callouts.unwrap(new CompletionException(cause))).isSameAs(cause);
        assertThat(Callouts.unwrap(cause)).isSameAs(cause);
    }
}
