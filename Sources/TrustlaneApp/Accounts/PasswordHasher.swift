import Vapor

/// Bcrypt, run on the thread pool so a hash never blocks an event loop.
package struct PasswordHasher: Sendable {
    let cost: Int
    let threadPool: NIOThreadPool

    package func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await threadPool.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, against hash: String) async throws -> Bool {
        try await threadPool.runIfActive { try Bcrypt.verify(password, created: hash) }
    }

    /// Spends the same time as a real check when there is no account, so response times do not
    /// reveal which emails have accounts.
    func verifyAgainstNothing(_ password: String) async throws {
        _ = try await verify(password, against: PasswordHasher.decoyHash)
    }

    private static let decoyHash = "$2b$12$C6UzMDM.H6dfI/f/IKcEeO5v6ZqYwzb0iC3ItqnKJtpBIRvUbOsby"
}

extension Application {
    package var passwords: PasswordHasher { PasswordHasher(cost: config.bcryptCost, threadPool: threadPool) }
}
