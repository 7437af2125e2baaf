package io.kopilka.app.demo;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /q/health/ready} is DOWN while the demo loads its receipts: a load balancer or a script waiting for
 * readiness then sends nobody to figures that are still growing. Without the demo it is always UP.
 */
@Readiness
@ApplicationScoped
public class DemoDataCheck implements HealthCheck {

    static final String NAME = "demo-data";

    @Inject
    DemoReadiness readiness;

    @Override
    public HealthCheckResponse call() {
        boolean loading = readiness.isLoading();
        return HealthCheckResponse.named(NAME).status(!loading).withData("loading", loading).build();
    }
}
