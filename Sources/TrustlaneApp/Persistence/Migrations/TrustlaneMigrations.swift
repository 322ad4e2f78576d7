import Fluent

/// A migration that failed, named so the operator knows which one.
struct MigrationFailed: Error, CustomStringConvertible {
    let migration: String
    let underlying: any Error
    var description: String { "Migration \(migration) failed: \(String(reflecting: underlying)). The server did not start; the database was left at the last completed migration." }
}

/// Wraps a migration so its errors carry its name.
struct Named<M: AsyncMigration>: AsyncMigration {
    let migration: M
    var name: String { migration.name }

    func prepare(on database: any Database) async throws {
        do { try await migration.prepare(on: database) } catch { throw MigrationFailed(migration: name, underlying: error) }
    }

    func revert(on database: any Database) async throws {
        do { try await migration.revert(on: database) } catch { throw MigrationFailed(migration: name, underlying: error) }
    }
}

enum TrustlaneMigrations {
    /// Every migration in order. Never edit one that has shipped; add a new one.
    static func register(on migrations: FluentKit.Migrations) {
        migrations.add(Named(migration: CreateUsers()))
        migrations.add(Named(migration: CreateCompanies()))
        migrations.add(Named(migration: CreateMemberships()))
        migrations.add(Named(migration: CreateSessionsAndTokens()))
        migrations.add(Named(migration: CreateAuditEntries()))
        migrations.add(Named(migration: CreateCatalogsAndEligibility()))
        migrations.add(Named(migration: CreateSecurityProfiles()))
        migrations.add(Named(migration: CreateMembershipLifecycle()))
        migrations.add(Named(migration: CreateRiskAssessments()))
        migrations.add(Named(migration: CreateCompanyWebhooks()))
        migrations.add(Named(migration: UpdateMembershipEventsAddPosition()))
        migrations.add(Named(migration: UpdateMembershipsRenameToCompanyMembers()))
        migrations.add(Named(migration: CreateNotApplicableDecisions()))
        migrations.add(Named(migration: CreateMembershipCounts()))
        migrations.add(Named(migration: CreateHotPathIndexes()))
        migrations.add(Named(migration: CreatePasswordResetsAndEmailLinks()))
        migrations.add(Named(migration: CreateCalendarFeedsAndDigests()))
        migrations.add(Named(migration: AddProfileProgressCounters()))
        migrations.add(Named(migration: CreateBusinessPartners()))
        migrations.add(Named(migration: CreateScreening()))
        migrations.add(Named(migration: CreatePartnerVetting()))
        migrations.add(Named(migration: CreatePartnerQuestionnaires()))
        migrations.add(Named(migration: CreatePartnerDocuments()))
        migrations.add(Named(migration: CreateInspections()))
        migrations.add(Named(migration: CreateSeals()))
        migrations.add(Named(migration: CreateShipments()))
        migrations.add(Named(migration: CreateIncidents()))
        migrations.add(Named(migration: CreateTraining()))
        migrations.add(Named(migration: CreatePersonnelSteps()))
        migrations.add(Named(migration: UpdateShipmentsAddLessThanTruckload()))
        migrations.add(Named(migration: CreateCompanyChecklists()))
        migrations.add(Named(migration: CreateGateAccess()))
        migrations.add(Named(migration: UpdateGateAccessAddRecentIndexes()))
        migrations.add(Named(migration: UpdateTrainingAddCoverageColumns()))
        migrations.add(Named(migration: CreateBackupRuns()))
        migrations.add(Named(migration: CreateAuditKeyingAndCheckpoints()))
        migrations.add(Named(migration: CreateClientSubmissions()))
        migrations.add(Named(migration: UpdatePeopleAddReminderEmail()))
        migrations.add(Named(migration: CreateRecordRetention()))
        migrations.add(Named(migration: UpdateGateAccessLinkVisitorBadges()))
        migrations.add(Named(migration: UpdateSealsAddReceivedAt()))
        migrations.add(Named(migration: UpdateClientSubmissionsAddContentDigest()))
        migrations.add(Named(migration: UpdateInspectionsAddContentDigest()))
        migrations.add(Named(migration: UpdateFieldRecordsAddRetention()))
        migrations.add(Named(migration: CreateRecordFiles()))
        migrations.add(Named(migration: UpdatePersonStepsAddDueIndex()))
        migrations.add(Named(migration: UpdateRecordFilesAddUploadedIndex()))
        migrations.add(Named(migration: CreateAccessGeneration()))
        migrations.add(Named(migration: UpdatePartnerTermsKeyByTerm()))
        migrations.add(Named(migration: UpdatePartnerTermsWithoutForeignKey()))
        migrations.add(Named(migration: UpdatePartnerIdentifiersKeyedByKey()))
    }
}
