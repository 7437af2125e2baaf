package io.kopilka.campaigns;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Whose database sessions are the tills' when the job decides whether to yield (docs/adr/0021, docs/campaigns.md). */
@ApplicationScoped
public class Tills {

    /**
     * Application names of the sessions that are the checkout's: the API's pool by default. Sessions of other
     * databases on the same server, of psql, pgbench or another job never make the tills busy.
     */
    @ConfigProperty(name = "kopilka.campaigns.till-application-names", defaultValue = "kopilka-api")
    List<String> applicationNames;

    TillPacing pacing(double quietFactor, double busyFactor) {
        return new TillPacing(quietFactor, busyFactor, List.copyOf(applicationNames));
    }
}
