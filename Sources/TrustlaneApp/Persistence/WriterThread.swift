import FluentKit
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Vapor

/// The thread a SQLite file's writes run on: one thread that makes the writer connection's
/// SQLite calls and also runs the write gate's transactions (the task executor they prefer),
/// with an event loop of its own for the connection's futures.
///
/// Why: every statement is a hop to a SQLite thread and back. On the shared thread pool a write's
/// statement waited behind the reads of every other request, and on the request event loops its
/// answer waited behind whatever requests were queued there; the gate was held all that time (at
/// 16 clients a save held it for about 1.6 ms where one client needs 0.8 ms). With a thread for
/// the transactions and another for SQLite, each statement still woke one and then the other
/// (about 80 microseconds a statement at 16 clients). On one thread, a statement is queued
/// behind the transaction that asked for it, runs when that transaction waits, and its answer
/// queues the transaction again: no thread is woken.
final class WriterThread: TaskExecutor, @unchecked Sendable {
    // @unchecked: the members are set once in `init`; event loops and thread pools are thread-safe.
    let group: MultiThreadedEventLoopGroup
    /// The writer connection's event loop: the futures of its EventLoopFuture calls complete here.
    let loop: any EventLoop
    /// The thread the writer connection's SQLite calls and the gate's transactions run on.
    let pool: NIOThreadPool
    private let thread: pthread_t

    init() {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        loop = group.next()
        pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        let found = NIOLockedValueBox<pthread_t?>(nil)
        let started = DispatchSemaphore(value: 0)
        pool.submit { _ in found.withLockedValue { $0 = pthread_self() }; started.signal() }
        started.wait()
        thread = found.withLockedValue { $0! }
    }

    /// Whether the caller runs on the writer's thread.
    var isCurrent: Bool { pthread_equal(thread, pthread_self()) != 0 }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        // Once the pool has stopped (the application shutting down) the job runs at once, here.
        pool.submit { _ in job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

/// The writer's connections and thread, closed when the application shuts down (after the
/// server has stopped taking requests, before the main databases).
struct WriterShutdown: LifecycleHandler {
    let databases: Databases
    let thread: WriterThread

    func shutdownAsync(_ application: Application) async {
        await databases.shutdownAsync()
        do {
            try await thread.pool.shutdownGracefully()
            try await thread.group.shutdownGracefully()
        } catch {
            application.logger.warning("The database writer's thread did not stop cleanly: \(error)")
        }
    }
}
