// Lanes: one handle's tasks run one at a time in submission order, while different lanes run in parallel.
package faultline.driver.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LaneTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    @Test
    void runsTasksOneAtATimeInOrder() throws Exception {
        Lane lane = new Lane(pool);
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger running = new AtomicInteger();
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            results.add(lane.call(() -> {
                if (running.incrementAndGet() != 1) throw new AssertionError("two tasks of one lane ran at once");
                order.add(n);
                running.decrementAndGet();
                return n;
            }));
        }
        for (int i = 0; i < 200; i++) assertEquals(i, results.get(i).get(5, TimeUnit.SECONDS));
        for (int i = 0; i < 200; i++) assertEquals(i, order.get(i));
    }

    @Test
    void aBlockedLaneDoesNotBlockAnother() throws Exception {
        Lane blocked = new Lane(pool);
        Lane free = new Lane(pool);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Boolean> waiting = blocked.call(() -> release.await(5, TimeUnit.SECONDS));
        assertEquals("done", free.call(() -> "done").get(5, TimeUnit.SECONDS));
        assertFalse(waiting.isDone());
        release.countDown();
        assertTrue(waiting.get(5, TimeUnit.SECONDS));
    }

    @Test
    void callAsyncFreesTheLaneBeforeItsResultArrives() throws Exception {
        Lane lane = new Lane(pool);
        CompletableFuture<String> later = new CompletableFuture<>();
        CompletableFuture<String> first = lane.callAsync(() -> later);
        assertEquals("next", lane.call(() -> "next").get(5, TimeUnit.SECONDS));
        assertFalse(first.isDone());
        later.complete("first");
        assertEquals("first", first.get(5, TimeUnit.SECONDS));
    }

    @Test
    void failuresReachTheFuture() {
        Lane lane = new Lane(pool);
        ExecutionException e = assertThrows(ExecutionException.class, () -> lane.call(() -> {
            throw new IllegalStateException("boom");
        }).get(5, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof IllegalStateException);
    }
}
