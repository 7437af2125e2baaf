package io.kopilka.pos;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;

/** Receipt latency for Prometheus, registered at start so dashboards see it before the first receipt. */
@Startup
@ApplicationScoped
public class ReceiptMetrics {

    private final Timer record;

    @Inject
    public ReceiptMetrics(MeterRegistry registry) {
        this.record = Timer.builder("kopilka.receipts.record")
                .description("Time to record one receipt, from validated request to committed transaction")
                .publishPercentiles(0.5, 0.99).publishPercentileHistogram().register(registry);
    }

    void recorded(long startNanos) {
        record.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
}
