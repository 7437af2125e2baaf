package io.kopilka.app.demo;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /q/health/ready} is DOWN while the demo loads its year of receipts: a load balancer or a script waiting
 * for readiness then sends nobody to figures that are still growing. Without the demo it is always UP. Until the
 * loader starts (the HTTP server may already listen) an enabled demo counts as loading.
 */
@Readiness
@ApplicationScoped
public class DemoReadiness implements HealthCheck {

    static final String NAME = "demo-data";

    @ConfigProperty(name = "kopilka.demo.enabled")
    boolean demoEnabled;

    /** Null until the loader starts. */
    private volatile Boolean loading;

    public void loading() {
        loading = true;
    }

    public void loaded() {
        loading = false;
    }

    public boolean isLoading() {
        Boolean now = loading;
        return now != null ? now : demoEnabled;
    }

    @Override
    public HealthCheckResponse call() {
        boolean busy = isLoading();
        return HealthCheckResponse.named(NAME).status(!busy).withData("loading", busy).build();
    }
}
