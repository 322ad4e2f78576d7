import FluentKit
import NIOCore
import NIOPosix
import Vapor

/// The thread a SQLite file's writes run on: an event loop of its own that owns the writer
/// connection, and the task executor the write gate's transactions prefer.
///
/// Why: every statement is a hop to SQLite's thread pool and back. On the request event loops the
/// way back waits behind whatever requests are queued there, and the gate is held all that time;
/// at 16 clients a save held it for about 1.6 ms where one client needs 0.5 ms. Here the answers
/// come back to a loop that does nothing else, so the gate is held for the work alone.
final class WriterThread: TaskExecutor, @unchecked Sendable {
    // @unchecked: both members are set once in `init`; event loops are thread-safe.
    let group: MultiThreadedEventLoopGroup
    let loop: any EventLoop

    init() {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        loop = group.next()
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
        do { try await thread.group.shutdownGracefully() } catch {
            application.logger.warning("The database writer's thread did not stop cleanly: \(error)")
        }
    }
}
