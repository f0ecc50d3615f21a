package io.hasp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs a piece of work on several threads, each on one of three clients in turn, for a number of rounds, and waits
 * for all of them: the harness of the stress tests. Every client is closed afterwards.
 */
final class WorkersOnClients {
    private static final int CLIENTS = 3;

    /** One round of work by worker {@code worker} on its client {@code hasp}. */
    interface Work {
        void run(Hasp hasp, int worker) throws Exception;
    }

    private WorkersOnClients() {
    }

    /** Runs {@code work} {@code rounds} times on each of {@code workers} threads; fails if any fails or overruns. */
    static void run(Supplier<Hasp> connect, int workers, int rounds, Duration timeout, Work work) throws Exception {
        List<Hasp> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(connect.get());
            }
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                Hasp hasp = clients.get(w % CLIENTS);
                int worker = w;
                running.add(pool.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        work.run(hasp, worker);
                    }
                    return null;
                }));
            }
            for (Future<?> done : running) {
                done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
            clients.forEach(Hasp::close);
        }
    }
}
