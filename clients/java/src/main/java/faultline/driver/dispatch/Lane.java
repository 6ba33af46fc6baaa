// A serial executor on the shared pool: the tasks of one handle run one at a time, in the order they were submitted
// (KafkaConsumer is single-threaded; a producer's sends and transaction calls keep their order). A lane holds no
// thread while it is idle.
package faultline.driver.dispatch;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

public final class Lane implements Executor {
    private final Executor pool;
    private final Deque<Runnable> tasks = new ArrayDeque<>();
    private boolean draining;

    public Lane(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            tasks.add(task);
            if (draining) return;
            draining = true;
        }
        pool.execute(this::drain);
    }

    /** Runs task on the lane; the future completes with its value or exception. */
    public <T> CompletableFuture<T> call(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Runs task on the lane, which moves on as soon as task returns; the future follows the stage task returned. */
    public <T> CompletableFuture<T> callAsync(Callable<? extends CompletionStage<T>> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                task.call().whenComplete((value, error) -> {
                    if (error == null) result.complete(value);
                    else result.completeExceptionally(error);
                });
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = tasks.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                // call()/callAsync() catch everything; a bare execute()'s task has no one else to tell.
                e.printStackTrace();
            }
        }
    }
}
