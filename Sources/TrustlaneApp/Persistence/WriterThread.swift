import FluentKit
import NIOCore
import NIOPosix
import Vapor

/// The thread a SQLite file's writes run on: an event loop of its own that owns the writer
/// connection, and the task executor the write gate's transactions prefer.
///
/// Why: every statement is a hop to a SQLite thread and back. On the shared thread pool a write's
/// statement waited behind the reads of every other request, and on the request event loops its
/// answer waited behind whatever requests were queued there; the gate was held all that time (at
/// 16 clients a save held it for about 1.6 ms where one client needs 0.8 ms). Here the writer has
/// a SQLite thread and an event loop that do nothing else.
final class WriterThread: TaskExecutor, @unchecked Sendable {
    // @unchecked: the members are set once in `init`; event loops and thread pools are thread-safe.
    let group: MultiThreadedEventLoopGroup
    let loop: any EventLoop
    /// The thread the writer connection's SQLite calls run on.
    let pool: NIOThreadPool

    init() {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        loop = group.next()
        pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
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
