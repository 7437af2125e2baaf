package io.kopilka.campaigns.gateway;


import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

/**
 * The configured gateway behind SmallRye Fault Tolerance. Order per call: retry ( circuit breaker ( timeout ( gateway ))).
 * Only {@link GatewayUnavailable} is retried: a timeout may mean the operator took the message, and sending it
 * again could reach the customer twice (docs/adr/0014-sms-outbox.md). Each value can be changed with
 * {@code quarkus.fault-tolerance."io.kopilka.campaigns.gateway.FaultTolerantGateway/submit".<strategy>.<key>}
 * (docs/sms-gateways.md).
 */
@ApplicationScoped
@Startup // a mistyped kopilka.sms.gateway stops the start instead of failing every message
public class FaultTolerantGateway {

    public static final String BREAKER = "sms-gateway";

    @Inject
    SmsConfig config;

    @Inject
    @Any
    Instance<SmsGateway> gateways;

    private SmsGateway gateway;

    @PostConstruct
    void choose() {
        Instance<SmsGateway> chosen = gateways.select(Identifier.Literal.of(config.gateway()));
        if (!chosen.isResolvable()) {
            throw new IllegalStateException("kopilka.sms.gateway=" + config.gateway() + " is not one of log, smpp, http");
        }
        gateway = chosen.get();
    }

    @Timeout(10_000) // milliseconds, like every other value here, so that configured values need no unit
    @Retry(retryOn = GatewayUnavailable.class, maxRetries = 3, delay = 500, jitter = 100)
    @ExponentialBackoff(factor = 2, maxDelay = 10_000)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 60_000, successThreshold = 2,
            skipOn = SmsRejected.class)
    @CircuitBreakerName(BREAKER)
    public Submitted submit(SmsMessage message) {
        return gateway.submit(message);
    }

    public String gatewayName() {
        return config.gateway();
    }
}
