// What lives in this folder.
//
// Training (issue 17, MSC 12.1-12.10, 11.5): the company's roster of people, each in a role whose
// curriculum names the topics to keep current and how often; sessions with their topics,
// trainer, quiz and pass mark (12.4); attendance ticked on a tablet or from a signed sheet, with
// scores; who is current, due soon, overdue or never trained, per person and per role, with a
// coverage chart; a printable attendance sheet for sites without devices; reminders of training
// due soon or overdue to the coordinators weekly and to a person with a reminder address once per
// stage (`TrainingReminders`, run by the clock pass); reminders of background re-screening due
// within 60 days or overdue to the coordinators, once per person per due day (`RescreeningReminders`). Pages, API, queries, the service and M030,
// M038, M039; Core's `Training/` holds the rules (topics, curricula, quizzes, standing, reminders).
