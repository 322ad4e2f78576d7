// What lives in this folder.
//
// Records: the validation pack and retention of the daily records besides inspections (issue
// 17): incidents, training sessions with their attendance, the visitor log and the driver and
// cargo pickup log; and from issue 16 the seal log and shipments with their seals and checks;
// then training sessions' files (rosters and materials) and the badge and key log as kinds of
// their own. Every kind's pack in one ZIP (`RecordsPackArchive`, Core's `ZipArchive`). A file
// attached to an incident or a training session is removed by the supervisors, never under a
// legal hold (`RecordFiles+Removal`).
// For each kind, a repeatable random sample since the last validation, printable and as CSV, and
// how long the records are kept (with a legal hold that keeps them), applied by the clock pass
// (`RecordsRetention`); client keys are forgotten after a month by the same pass
// (`ClientSubmissions.purge`). The hub page lists the kinds; M041 holds the
// settings; Core's `DailyRecordKind` names the kinds and `RecordRetention` the rule.
