import Fluent
import TrustlaneCore
import Vapor

/// Invitations, memberships and platform roles.
struct CompanyMemberService {
    let app: Application
    let db: any Database

    init(_ req: Request) { app = req.application; db = req.db }
    init(app: Application) { self.app = app; db = app.db }

    struct Invitation: Sendable {
        let id: UUID
        let email: String
        let role: CompanyRole
        let token: String
        let expiresAt: Date
    }

    /// Creates a single-use invitation; the token is returned once and only its digest is kept.
    /// The inviter grants only roles up to their own (`AccessPolicy.grantableRoles`): an officer
    /// is made only by an officer or an administrator, on the form and the API alike.
    func invite(to companyID: CompanyID, email rawEmail: String?, role rawRole: String?, as grantor: Actor,
                language: Language = .english) async throws -> Invitation {
        try await invite(to: companyID, email: rawEmail, role: rawRole, grantor: grantor, language: language)
    }

    /// An invitation made by the platform itself (demo data, commands): any role, no grantor check.
    func invite(to companyID: CompanyID, email rawEmail: String?, role rawRole: String?, by actor: UserID?) async throws -> Invitation {
        try await invite(to: companyID, email: rawEmail, role: rawRole, grantor: nil, recordedAs: actor)
    }

    private func invite(to companyID: CompanyID, email rawEmail: String?, role rawRole: String?, grantor: Actor?,
                        recordedAs recorded: UserID? = nil, language: Language = .english) async throws -> Invitation {
        let actor = grantor?.userID ?? recorded
        var errors: [FieldError] = []
        let email = EmailAddress.check(rawEmail, into: &errors)
        let role = CompanyRole(rawValue: rawRole ?? "")
        if role == nil {
            errors.append(FieldError(field: "role", messageKey: "error.invalid_role",
                                     message: "role must be one of \(CompanyRole.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        guard errors.isEmpty, let email, let role else { throw ValidationFailure(errors) }
        if let grantor, !AccessPolicy.mayGrant(role, by: grantor, in: companyID) {
            let allowed = CompanyRole.allCases.filter { AccessPolicy.mayGrant($0, by: grantor, in: companyID) }.map(\.rawValue).joined(separator: ", ")
            throw TrustlaneError(status: .forbidden, key: "error.role_not_grantable",
                                 message: "You may invite people as \(allowed) only; only an officer or an administrator can make someone an officer",
                                 arguments: ["roles": allowed])
        }
        let token = SecureToken.generate()
        let now = app.clock.now()
        let expires = now.addingTimeInterval(app.config.invitationLifetime)
        let id = try await app.writeGate.transaction(on: db) { tx in
            guard let company = try await CompanyModel.find(companyID.rawValue, on: tx) else { throw TrustlaneError.notFound }
            if let existing = try await UserModel.query(on: tx).filter(\.$email == email.value).first(),
               try await CompanyMemberModel.query(on: tx).filter(\.$company.$id == companyID.rawValue)
                .filter(\.$user.$id == existing.requireID()).first() != nil {
                throw ValidationFailure([FieldError(field: "email", messageKey: "error.already_member",
                                                    message: "email already belongs to a member of this company")])
            }
            let invitation = InvitationModel(companyID: companyID.rawValue, email: email.value, role: role,
                                             tokenHash: SecureToken.digest(token), invitedBy: actor?.rawValue, expiresAt: expires)
            try await invitation.create(on: tx)
            try await AuditLog.append(AuditEvent(action: "membership.invited", targetType: "invitation", targetID: invitation.id?.uuidString,
                                                 companyID: companyID,
                                                 changes: [FieldChange(field: "email", before: nil, after: email.value),
                                                           FieldChange(field: "role", before: nil, after: role.rawValue)]),
                                      by: actor, on: tx, at: now)
            let id = try invitation.requireID()
            // Sent by the outbox in the same transaction: the email goes if and only if the invitation exists.
            try await queueInvitationEmail(id: id, email: email.value, role: role, token: token, expires: expires, company: company,
                                           inviter: actor, language: language, on: tx, now: now)
            return id
        }
        return Invitation(id: id, email: email.value, role: role, token: token, expiresAt: expires)
    }

    /// Queues the invitation email, in the inviter's language.
    private func queueInvitationEmail(id: UUID, email: String, role: CompanyRole, token: String, expires: Date, company: CompanyModel,
                                      inviter: UserID?, language: Language, on db: any Database, now: Date) async throws {
        let t = LocalizationCatalog.shared.localizer(for: language)
        var inviterName = "Trustlane"
        if let inviter, let user = try await UserModel.find(inviter.rawValue, on: db) { inviterName = user.name }
        try await NotificationOutbox(db).enqueueEmail(
            key: "email.invitation",
            parameters: ["company": company.legalName, "role": t(role.nameKey), "inviter": inviterName, "expires": t.dateTime(expires)],
            link: SiteURL.invitation(token), to: email, language: language, userID: nil, companyID: company.id,
            dedupeKey: "invitation:\(id):\(SecureToken.digest(token).prefix(16))", now: now)
    }

    /// A pending invitation of a company, or 404.
    private func pending(_ invitationID: UUID, of companyID: CompanyID, on db: any Database) async throws -> InvitationModel {
        guard let invitation = try await InvitationModel.find(invitationID, on: db), invitation.$company.id == companyID.rawValue,
              invitation.acceptedAt == nil, invitation.revokedAt == nil else { throw TrustlaneError.notFound }
        return invitation
    }

    /// Sends a pending (or expired) invitation again with a new link: the old link stops
    /// working, the new one lasts the full lifetime again.
    func resend(_ invitationID: UUID, of companyID: CompanyID, as grantor: Actor, language: Language) async throws -> Invitation {
        let token = SecureToken.generate()
        let now = app.clock.now()
        let expires = now.addingTimeInterval(app.config.invitationLifetime)
        return try await app.writeGate.transaction(on: db) { tx in
            let invitation = try await pending(invitationID, of: companyID, on: tx)
            guard let role = CompanyRole(rawValue: invitation.role), AccessPolicy.mayGrant(role, by: grantor, in: companyID) else {
                throw TrustlaneError.forbidden
            }
            guard let company = try await CompanyModel.find(companyID.rawValue, on: tx) else { throw TrustlaneError.notFound }
            invitation.tokenHash = SecureToken.digest(token)
            invitation.expiresAt = expires
            try await invitation.update(on: tx)
            try await AuditLog.append(AuditEvent(action: "membership.invitation_resent", targetType: "invitation", targetID: invitationID.uuidString,
                                                 companyID: companyID, changes: [FieldChange(field: "email", before: nil, after: invitation.email)]),
                                      by: grantor.userID, on: tx, at: now)
            try await queueInvitationEmail(id: invitationID, email: invitation.email, role: role, token: token, expires: expires,
                                           company: company, inviter: grantor.userID, language: language, on: tx, now: now)
            return Invitation(id: invitationID, email: invitation.email, role: role, token: token, expiresAt: expires)
        }
    }

    /// Withdraws a pending invitation: its link is refused from now on.
    func revoke(_ invitationID: UUID, of companyID: CompanyID, as grantor: Actor) async throws {
        let now = app.clock.now()
        try await app.writeGate.transaction(on: db) { tx in
            let invitation = try await pending(invitationID, of: companyID, on: tx)
            guard let role = CompanyRole(rawValue: invitation.role), AccessPolicy.mayGrant(role, by: grantor, in: companyID) else {
                throw TrustlaneError.forbidden
            }
            invitation.revokedAt = now
            try await invitation.update(on: tx)
            try await AuditLog.append(AuditEvent(action: "membership.invitation_revoked", targetType: "invitation", targetID: invitationID.uuidString,
                                                 companyID: companyID, changes: [FieldChange(field: "email", before: invitation.email, after: nil)]),
                                      by: grantor.userID, on: tx, at: now)
        }
    }

    /// A pending invitation for the confirmation page.
    func pendingInvitation(_ invitationID: UUID, of companyID: CompanyID) async throws -> InvitationModel {
        try await pending(invitationID, of: companyID, on: db)
    }

    enum Lookup {
        case valid(InvitationModel, company: CompanyModel, existingUser: UserModel?)
        case invalid
    }

    /// Finds an invitation that can still be accepted.
    func lookup(token: String) async throws -> Lookup {
        guard token.count < 200,
              let invitation = try await InvitationModel.query(on: db).filter(\.$tokenHash == SecureToken.digest(token)).first(),
              invitation.acceptedAt == nil, invitation.revokedAt == nil, invitation.expiresAt > app.clock.now(),
              let company = try await CompanyModel.find(invitation.$company.id, on: db) else { return .invalid }
        let user = try await UserModel.query(on: db).filter(\.$email == invitation.email).first()
        return .valid(invitation, company: company, existingUser: user)
    }

    /// Accepts an invitation: creates the account (or uses the signed-in one with the invited
    /// email) and the membership, and marks the invitation used, all at once.
    func accept(token: String, name rawName: String?, password rawPassword: String?, confirmation: String?,
                signedIn: UserModel?) async throws -> (UserModel, CompanyModel) {
        guard case .valid(let invitation, let company, let existing) = try await lookup(token: token) else {
            throw TrustlaneError(status: .gone, key: "invitation.invalid", message: "This invitation link was already used or has expired")
        }
        guard let role = CompanyRole(rawValue: invitation.role) else { throw TrustlaneError.notFound }
        var passwordHash: String?
        var name: String?
        if let existing {
            guard let signedIn, signedIn.id == existing.id else {
                throw TrustlaneError(status: .conflict, key: "invitation.sign_in_first",
                                     message: "An account with this email exists: sign in as \(existing.email), then open the link again",
                                     arguments: ["email": existing.email])
            }
        } else {
            var errors: [FieldError] = []
            name = Check.text(rawName, field: "name", max: 200, into: &errors)
            let password = PasswordRule.check(rawPassword, confirmation: confirmation,
                                              context: PasswordContext(email: invitation.email, name: name), into: &errors)
            guard errors.isEmpty, let password else { throw ValidationFailure(errors) }
            passwordHash = try await app.passwords.hash(password)
        }
        let invitationID = try invitation.requireID()
        let companyID = try company.requireID()
        let now = app.clock.now()
        // The same link accepted in two processes at once: the loser's insert conflicts (the
        // membership or the account exists now), and deciding again finds the invitation used.
        let user: UserModel
        do {
            user = try await decidingAgainOnConflict(logger: app.logger, what: "invitation \(invitationID)") {
                try await saveAcceptance(invitationID: invitationID, companyID: companyID, role: role, existing: existing,
                                         name: name, passwordHash: passwordHash, now: now)
            }
        } catch is StillConflicting {
            throw TrustlaneError(status: .conflict, key: "error.concurrent_change",
                                 message: "Someone else changed this at the same moment; reload and try again")
        }
        return (user, company)
    }

    private func saveAcceptance(invitationID: UUID, companyID: UUID, role: CompanyRole, existing: UserModel?, name: String?,
                                passwordHash: String?, now: Date) async throws -> UserModel {
        try await app.writeGate.transaction(on: db) { [name, passwordHash] tx -> UserModel in
            // Checked again inside the gate: a link used twice at once is accepted once.
            guard let fresh = try await InvitationModel.find(invitationID, on: tx), fresh.acceptedAt == nil else {
                throw TrustlaneError(status: .gone, key: "invitation.invalid", message: "This invitation link was already used or has expired")
            }
            let user: UserModel
            if let existing { user = existing } else {
                user = UserModel(email: fresh.email, name: name ?? fresh.email, passwordHash: passwordHash ?? "",
                                 isConsultant: role == .consultant)
                try await user.create(on: tx)
            }
            let userID = try user.requireID()
            try await CompanyMemberModel(companyID: companyID, userID: userID, role: role).create(on: tx)
            fresh.acceptedAt = now
            fresh.$acceptedBy.id = userID
            try await fresh.save(on: tx)
            try await AuditLog.append(AuditEvent(action: "membership.created", targetType: "membership", targetID: userID.uuidString,
                                                 companyID: CompanyID(companyID),
                                                 changes: [FieldChange(field: "role", before: nil, after: role.rawValue),
                                                           FieldChange(field: "email", before: nil, after: user.email)]),
                                      by: UserID(userID), on: tx, at: now)
            return user
        }
    }

    /// Grants or withdraws a platform role (reviewer, consultant, administrator).
    func setPlatformRole(_ role: PlatformRole, granted: Bool, for userID: UserID, by actor: UserID?) async throws {
        let now = app.clock.now()
        try await app.writeGate.transaction(on: db) { tx in
            guard let user = try await UserModel.find(userID.rawValue, on: tx) else { throw TrustlaneError.notFound }
            if role == .administrator, !granted, userID == actor {
                throw TrustlaneError(status: .conflict, key: "error.cannot_demote_self",
                                     message: "You cannot remove your own administrator role")
            }
            let before = user.auditFields
            switch role {
            case .administrator: user.isAdministrator = granted
            case .reviewer: user.isReviewer = granted
            case .consultant: user.isConsultant = granted
            }
            let changes = AuditRecord.changes(before: before, after: user.auditFields)
            guard !changes.isEmpty else { return }
            try await user.save(on: tx)
            try await AuditLog.append(AuditEvent(action: "user.platform_role_changed", targetType: "user", targetID: userID.description,
                                                 changes: changes), by: actor, on: tx, at: now)
        }
    }

    /// Adds an existing account to a company directly (administrators and the demo data).
    func addMember(_ userID: UserID, to companyID: CompanyID, role: CompanyRole, by actor: UserID?) async throws {
        let now = app.clock.now()
        try await app.writeGate.transaction(on: db) { tx in
            try await CompanyMemberModel(companyID: companyID.rawValue, userID: userID.rawValue, role: role).create(on: tx)
            try await AuditLog.append(AuditEvent(action: "membership.created", targetType: "membership", targetID: userID.description,
                                                 companyID: companyID, changes: [FieldChange(field: "role", before: nil, after: role.rawValue)]),
                                      by: actor, on: tx, at: now)
        }
    }
}
