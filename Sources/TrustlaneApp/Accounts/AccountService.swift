import Fluent
import SQLKit
import TrustlaneCore
import Vapor

/// Creating accounts, signing in, passwords and languages.
struct AccountService {
    let app: Application
    let db: any Database

    init(_ req: Request) {
        app = req.application
        db = req.db
    }

    init(app: Application) {
        self.app = app
        db = app.db
    }

    private var now: Date { app.clock.now() }

    /// Whether the first administrator still has to be created.
    func needsSetUp() async throws -> Bool { try await UserModel.query(on: db).count() == 0 }

    /// Creates the first platform administrator, once. A second attempt finds an account and fails.
    func setUpFirstAdministrator(name: String?, email: String?, password: String?, confirmation: String?) async throws -> UserModel {
        var errors: [FieldError] = []
        let name = Check.text(name, field: "name", max: 200, into: &errors)
        let email = EmailAddress.check(email, into: &errors)
        let password = PasswordRule.check(password, confirmation: confirmation,
                                          context: PasswordContext(email: email?.value, name: name), into: &errors)
        guard errors.isEmpty, let name, let email, let password else { throw ValidationFailure(errors) }
        let hash = try await app.passwords.hash(password)
        let now = self.now
        return try await app.writeGate.transaction(on: db) { tx in
            guard try await UserModel.query(on: tx).count() == 0 else { throw TrustlaneError.notFound }
            let user = UserModel(email: email.value, name: name, passwordHash: hash, isAdministrator: true)
            try await user.create(on: tx)
            try await AuditLog.append(AuditEvent(action: "platform.set_up", targetType: "user", targetID: user.id?.uuidString,
                                                 changes: AuditRecord.changes(before: [:], after: user.auditFields)),
                                      by: user.userID, on: tx, at: now)
            return user
        }
    }

    enum SignInResult {
        case success(UserModel)
        case wrongCredentials
        case locked(minutes: Int)
    }

    /// Checks an email and password. Every attempt first claims its place in the account's and
    /// the address's count, in a transaction that holds the two rows (PostgreSQL row locks
    /// across processes, the write gate within one), and only then is the password hashed: so
    /// however many attempts arrive at once, at most the account's limit is checked per window.
    /// A correct password clears the account's count. An address past its own limit is slowed
    /// down, never locked, so one office behind a proxy cannot lock everyone out.
    func signIn(email rawEmail: String?, password: String?, address: String) async throws -> SignInResult {
        let config = app.config
        let throttle = SignInThrottle(limit: config.signInFailureLimit, window: config.signInWindow, lockout: config.signInLockout)
        let addressThrottle = SignInThrottle(limit: config.signInFailureLimit * 4, window: config.signInWindow, lockout: config.signInLockout)
        let email = EmailAddress(rawEmail ?? "")?.value ?? (rawEmail ?? "").lowercased()
        let accountKey = "email:\(email.prefix(254))"
        let addressKey = "ip:\(address.prefix(64))"
        let now = self.now

        let claim = try await app.writeGate.transaction(on: db) { tx -> SignInClaim in
            let account = try await ThrottleRows.hold(accountKey, now: now, on: tx)
            if let seconds = throttle.secondsLocked(account, now: now) { return .locked(seconds: seconds) }
            let addressState = try await ThrottleRows.hold(addressKey, now: now, on: tx)
            let nextAccount = throttle.recordingFailure(account, now: now)
            let nextAddress = addressThrottle.recordingAttempt(addressState, now: now)
            try await ThrottleRows.store(nextAccount, key: accountKey, on: tx)
            try await ThrottleRows.store(nextAddress, key: addressKey, on: tx)
            return .claimed(lockedByThis: nextAccount.lockedUntil != nil, address: nextAddress)
        }
        let lockedByThis: Bool
        let addressState: SignInThrottle.State
        switch claim {
        case .locked(let seconds): return .locked(minutes: max(1, (seconds + 59) / 60))
        case .claimed(let locked, let state): (lockedByThis, addressState) = (locked, state)
        }
        let wait = addressThrottle.slowdown(addressState, step: config.signInAddressSlowdownStep, cap: config.signInAddressSlowdownCap)
        if wait > 0 { try await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000)) }

        let user = try await UserModel.query(on: db).filter(\.$email == email).first()
        var valid = false
        if let user, let password, !password.isEmpty, password.utf8.count <= PasswordRule.maximumBytes {
            valid = try await app.passwords.verify(password, against: user.passwordHash)
        } else {
            try await app.passwords.verifyAgainstNothing(password ?? "")
        }
        if valid, let user {
            try await app.writeGate.transaction(on: db) { tx in
                try await SignInThrottleModel.query(on: tx).filter(\.$key == accountKey).delete()
                try await AuditLog.append(AuditEvent(action: "account.sign_in", targetType: "user", targetID: user.id?.uuidString),
                                          by: user.userID, on: tx, at: now)
            }
            return .success(user)
        }
        if lockedByThis, let user {
            try await app.writeGate.transaction(on: db) { tx in
                try await AuditLog.append(AuditEvent(action: "account.locked", targetType: "user", targetID: user.id?.uuidString),
                                          by: nil, on: tx, at: now)
            }
        }
        return .wrongCredentials
    }

    /// What claiming an attempt's place found.
    enum SignInClaim: Sendable {
        case locked(seconds: Int)
        case claimed(lockedByThis: Bool, address: SignInThrottle.State)
    }

    /// Changes a password after checking the current one; ends the person's other sessions.
    func changePassword(user: UserModel, current: String?, new: String?, confirmation: String?, keepSessionID: UUID?) async throws {
        var errors: [FieldError] = []
        let newPassword = PasswordRule.check(new, confirmation: confirmation, field: "new_password",
                                             context: PasswordContext(email: user.email, name: user.name, currentPassword: current),
                                             into: &errors)
        let currentOK = try await app.passwords.verify(current ?? "", against: user.passwordHash)
        if !currentOK {
            errors.insert(FieldError(field: "current_password", messageKey: "error.current_password_wrong",
                                     message: "current_password is not your current password"), at: 0)
        }
        guard errors.isEmpty, let newPassword else { throw ValidationFailure(errors) }
        let hash = try await app.passwords.hash(newPassword)
        let userID = try user.requireID()
        let now = self.now
        try await app.writeGate.transaction(on: db) { tx in
            guard let fresh = try await UserModel.find(userID, on: tx) else { throw TrustlaneError.notFound }
            fresh.passwordHash = hash
            try await fresh.save(on: tx)
            var others = SessionModel.query(on: tx).filter(\.$user.$id == userID)
            if let keepSessionID { others = others.filter(\.$id != keepSessionID) }
            try await others.delete()
            try await AuditLog.append(AuditEvent(action: "account.password_changed", targetType: "user", targetID: userID.uuidString,
                                                 changes: [FieldChange(field: "password", before: "(hidden)", after: "(changed)")]),
                                      by: fresh.userID, on: tx, at: now)
        }
    }

    /// Sets the time zone moments are shown in (an IANA name such as `Asia/Jakarta`); empty shows UTC.
    func setTimeZone(user: UserModel, timeZone raw: String?) async throws {
        let value = (raw ?? "").trimmingCharacters(in: .whitespaces)
        let zone: String? = value.isEmpty || value == "UTC" ? nil : value
        if let zone, !TimeZone.knownTimeZoneIdentifiers.contains(zone) {
            throw ValidationFailure([FieldError(field: "time_zone", messageKey: "error.invalid_time_zone",
                                                message: "time_zone must be an IANA time zone name such as Asia/Jakarta or America/Mexico_City, or empty for UTC")])
        }
        try await setPreference(of: user, action: "account.time_zone_changed") { $0.timeZone = zone }
    }

    /// Sets the language pages are shown in; nil follows the browser.
    func setLanguage(user: UserModel, language raw: String?) async throws {
        let value = (raw ?? "").isEmpty ? nil : raw
        if let value, Language(rawValue: value) == nil {
            throw ValidationFailure([FieldError(field: "language", messageKey: "error.invalid_language",
                                                message: "language must be one of \(Language.allCases.map(\.rawValue).joined(separator: ", ")) or empty")])
        }
        try await setPreference(of: user, action: "account.language_changed") { $0.language = value }
    }

    /// Turns the weekly email digest on or off.
    func setWeeklyDigest(user: UserModel, on: Bool) async throws {
        try await setPreference(of: user, action: "account.weekly_digest_changed") { $0.weeklyDigest = on }
    }

    /// Changes one of a person's own settings, audited with what changed.
    private func setPreference(of user: UserModel, action: String, _ change: @escaping @Sendable (UserModel) -> Void) async throws {
        let userID = try user.requireID()
        let now = self.now
        try await app.writeGate.transaction(on: db) { tx in
            guard let fresh = try await UserModel.find(userID, on: tx) else { throw TrustlaneError.notFound }
            let before = fresh.auditFields
            change(fresh)
            try await fresh.save(on: tx)
            try await AuditLog.append(AuditEvent(action: action, targetType: "user", targetID: userID.uuidString,
                                                 changes: AuditRecord.changes(before: before, after: fresh.auditFields)),
                                      by: fresh.userID, on: tx, at: now)
        }
    }
}
