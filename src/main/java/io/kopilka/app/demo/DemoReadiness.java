package io.kopilka.app.demo;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whether the demo is still loading its year of receipts ({@link DemoDataCheck} makes {@code /q/health/ready} DOWN
 * meanwhile). Until the loader starts (the HTTP server may already listen) an enabled demo counts as loading.
 */
@ApplicationScoped
public class DemoReadiness {

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

}
