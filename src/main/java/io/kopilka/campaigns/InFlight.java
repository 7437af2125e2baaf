package io.kopilka.campaigns;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.kopilka.campaigns.gateway.Submitted;

/**
 * The messages at the gateway at once: each waits for its answer on a thread of its own (the gateways answer
 * one call at a time), at most {@code size} of them, and what came of each is collected for the job's thread,
 * which alone writes to the outbox.
 */
final class InFlight implements AutoCloseable {

    /** One message's end: the gateway's acceptance, its error, or a throwable that ends the run (fatal). */
    record Outcome(Outbox.Claimed message, Submitted submitted, RuntimeException error, Throwable fatal) {
    }

    private final int size;
    private final ExecutorService threads;
    private final Semaphore free;
    private final ConcurrentLinkedQueue<Outcome> done = new ConcurrentLinkedQueue<>();
    /** An Error on a gateway thread: the process is as good as dead, and writes nothing more. */
    private volatile Throwable fatal;

    InFlight(int size) {
        this.size = Math.max(1, size);
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(this.size, this.size, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "sms-in-flight-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.prestartAllCoreThreads();
        this.threads = pool;
        this.free = new Semaphore(this.size);
    }

    /** Hands the message to a free thread, waiting for one when all are at the gateway. */
    void submit(Outbox.Claimed m, Function<Outbox.Claimed, Submitted> gateway) {
        free.acquireUninterruptibly();
        try {
            threads.execute(() -> {
                try {
                    done.add(new Outcome(m, gateway.apply(m), null, null));
                } catch (RuntimeException e) {
                    done.add(new Outcome(m, null, e, null));
                } catch (Throwable e) {
                    fatal = e;
                    done.add(new Outcome(m, null, null, e));
                } finally {
                    free.release();
                }
            });
        } catch (RejectedExecutionException e) {
            free.release();
            throw e;
        }
    }

    /** Rethrows the Error of a gateway thread, if one died: nothing is written after it. */
    void throwIfFatal() {
        Throwable f = fatal;
        if (f instanceof Error e) {
            throw e;
        }
        if (f != null) {
            throw new IllegalStateException(f);
        }
    }

    /** What has come back so far. */
    List<Outcome> drain() {
        List<Outcome> out = new ArrayList<>();
        for (Outcome o; (o = done.poll()) != null;) {
            out.add(o);
        }
        return out;
    }

    /** Waits until every message handed over has its answer, then returns what came back. */
    List<Outcome> awaitAll() {
        free.acquireUninterruptibly(size);
        free.release(size);
        return drain();
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
