package io.github.lxt4j.explain;

import io.github.lxt4j.tensor.Backend;
import io.github.lxt4j.tensor.TensorScope;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs explanations on N worker threads over one loaded model and hands the results back in input order: the
 * throughput mode ({@code --workers N}). Each worker has its share of the intra-op threads (the caller's count
 * divided by N, at least 1), set once on the worker's own thread; the calling thread, and threads started later,
 * keep the caller's count (on DJL the count is per thread: OpenMP's, see docs/performance.md).
 *
 * <pre>{@code
 * try (ExplainWorkers workers = ExplainWorkers.start(model.backend(), 2)) {
 *     List<Explanation> out = workers.map(prompts, p -> explainer.explain(p, Target.argmax(), Method.ATTNLRP));
 * }
 * }</pre>
 *
 * Each task runs in a {@link TensorScope} of its own on its worker, closed as the task ends, so a task must return
 * plain Java values (an {@link Explanation}, a result line), never tensors. At most {@link #window()} tasks are in
 * flight; a finished result waits only until the results before it are handed out. With one worker the tasks run on
 * the calling thread, one after another, exactly as without this class. Explainers are safe to share between
 * workers: the composite, the tape and the scopes are per thread, and models are read-only during an explanation.
 * The ND4J backend refuses more than one worker: its thread settings are process-wide. The results equal those of
 * one worker bit for bit when the kernels' sums do not depend on the thread count: on DJL-PyTorch that needs MKL's
 * strict CNR mode, {@code MKL_CBWR=AUTO,STRICT} in the environment (the {@code lxt4j} launcher sets it).
 */
public final class ExplainWorkers implements AutoCloseable {

    /** Tasks in flight per worker: one running and one waiting, so a worker never waits for the caller. */
    static final int IN_FLIGHT_PER_WORKER = 2;

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int workers;
    private final int threadsPerWorker;
    private final ExecutorService pool;

    private ExplainWorkers(Backend backend, int workers, int threadsPerWorker) {
        this.workers = workers;
        this.threadsPerWorker = threadsPerWorker;
        if (workers == 1) {
            this.pool = null;
            return;
        }
        int callers = backend.threads();
        CountDownLatch ready = new CountDownLatch(workers);
        ThreadPoolExecutor p = new ThreadPoolExecutor(
                workers,
                workers,
                0,
                TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(),
                factory(backend, threadsPerWorker, ready));
        p.prestartAllCoreThreads();
        awaitUninterruptibly(ready);
        // libtorch also keeps the last count set as the default of threads that start later: put the caller's back
        backend.setThreads(callers);
        this.pool = p;
    }

    /** One worker: the tasks run on the calling thread, one after another. */
    public static ExplainWorkers sequential() {
        return new ExplainWorkers(null, 1, 0);
    }

    /** {@code workers} workers sharing the intra-op threads that {@code backend} uses on the calling thread. */
    public static ExplainWorkers start(Backend backend, int workers) {
        return start(backend, workers, backend.threads(), "workers");
    }

    /**
     * {@code workers} workers sharing {@code totalThreads} intra-op threads; {@code option} names the setting in
     * errors (e.g. {@code --workers}).
     */
    public static ExplainWorkers start(Backend backend, int workers, int totalThreads, String option) {
        check(workers, backend.name(), option);
        return new ExplainWorkers(backend, workers, Math.max(1, totalThreads / workers));
    }

    /** Refuses a count below 1, and more than one worker on ND4J, naming {@code option}. */
    public static void check(int workers, String backendName, String option) {
        if (workers < 1) {
            throw new WorkersException(option + " must be >= 1, got " + workers);
        }
        if (workers > 1 && "nd4j".equals(backendName)) {
            throw new WorkersException(option + " " + workers + " needs the djl backend: ND4J's thread settings and"
                    + " workspaces are process-wide, so it explains one input at a time; use --backend djl or "
                    + option + " 1");
        }
    }

    public int workers() {
        return workers;
    }

    /** The intra-op threads of each worker (0 for {@link #sequential()}: the calling thread keeps its own). */
    public int threadsPerWorker() {
        return threadsPerWorker;
    }

    /** The most tasks in flight (running, queued or finished but not yet handed out). */
    public int window() {
        return workers * IN_FLIGHT_PER_WORKER;
    }

    /**
     * Runs {@code task} on every input, {@link #window()} at a time, and returns the results in input order. The
     * first failure in input order is thrown, after the tasks still running have ended.
     */
    public <I, O> List<O> map(List<I> inputs, Function<? super I, ? extends O> task) {
        List<O> out = new ArrayList<>(inputs.size());
        try (Ordered<O> ordered = ordered(out::add)) {
            for (I in : inputs) {
                ordered.submit(() -> task.apply(in));
            }
            ordered.finish();
        }
        return out;
    }

    /** A stream of tasks whose results go to {@code sink} in submission order, on the submitting thread. */
    public <O> Ordered<O> ordered(Consumer<? super O> sink) {
        return new Ordered<>(sink);
    }

    /**
     * Tasks submitted one by one; their results reach the sink in submission order. {@link #submit} hands out the
     * oldest results while the window is full, {@link #finish} the rest. A failed task's exception is thrown, as
     * it was thrown on the worker, when its turn comes: the results before it have reached the sink, the tasks
     * after it are cancelled. Closing waits for every task still running, so the model may be closed afterwards.
     */
    public final class Ordered<O> implements AutoCloseable {
        private final Consumer<? super O> sink;
        private final Deque<Task<O>> inFlight = new ArrayDeque<>();

        private Ordered(Consumer<? super O> sink) {
            this.sink = sink;
        }

        /** Runs {@code task} on a worker (on this thread with one worker) in a scope of its own. */
        public void submit(Supplier<? extends O> task) {
            if (pool == null) {
                sink.accept(scoped(task));
                return;
            }
            while (inFlight.size() >= window()) {
                handOutOldest();
            }
            Task<O> t = new Task<>(task);
            inFlight.add(t);
            pool.execute(t);
        }

        /** Waits for every submitted task and hands its result to the sink, in order. */
        public void finish() {
            while (!inFlight.isEmpty()) {
                handOutOldest();
            }
        }

        private void handOutOldest() {
            O value = await(inFlight.removeFirst().result);
            sink.accept(value);
        }

        /** Cancels the tasks not started yet and waits for the running ones; their results are dropped. */
        @Override
        public void close() {
            for (Task<O> t : inFlight) {
                t.cancelled = true;
            }
            boolean interrupted = false;
            for (Task<O> t : inFlight) {
                while (true) {
                    try {
                        t.result.get();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    } catch (ExecutionException | CancellationException e) {
                        break;
                    }
                }
            }
            inFlight.clear();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A submitted task: skipped when cancelled before it starts; its result completes however it ends. */
    private static final class Task<O> implements Runnable {
        private final Supplier<? extends O> body;
        private final CompletableFuture<O> result = new CompletableFuture<>();
        private volatile boolean cancelled;

        private Task(Supplier<? extends O> body) {
            this.body = body;
        }

        @Override
        public void run() {
            if (cancelled) {
                result.cancel(false);
                return;
            }
            try {
                result.complete(scoped(body));
            } catch (Throwable t) { // handed to the caller, whatever it is
                result.completeExceptionally(t);
            }
        }
    }

    private static <O> O scoped(Supplier<? extends O> task) {
        try (TensorScope scope = TensorScope.open()) {
            return task.get();
        }
    }

    /** The task's result, or the exception it ended with, unwrapped. */
    private static <O> O await(CompletableFuture<O> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an explanation worker", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("an explanation worker failed", cause);
        }
    }

    private static ThreadFactory factory(Backend backend, int threads, CountDownLatch ready) {
        int pool = POOLS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        return body -> {
            Thread t = new Thread(
                    () -> {
                        try {
                            backend.setThreads(threads);
                        } finally {
                            ready.countDown();
                        }
                        body.run();
                    },
                    "lxt4j-worker-" + pool + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the workers once their tasks are done; waits for them. */
    @Override
    public void close() {
        if (pool == null) {
            return;
        }
        pool.shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
