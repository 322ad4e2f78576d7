import Foundation

// Every message of the security profile rules. Keys live in Resources/Localization/*.json;
// `{name}` placeholders are filled from the FieldError's arguments.
extension ProfileMessage {
    // Text fields
    public static let tooLong = ProfileMessage(key: "profile.error.too_long",
        english: "Use at most {max} characters.")
    public static let controlCharacters = ProfileMessage(key: "profile.error.control_characters",
        english: "Remove the control characters (invisible characters such as NUL) from this field.")
    public static let invisibleCharacters = ProfileMessage(key: "profile.error.invisible_characters",
        english: "Remove the invisible formatting character {character} (such as a right-to-left override or a zero-width space) from this field.")
    public static let bidiControls = ProfileMessage(key: "profile.error.bidi_controls",
        english: "Remove the character {character}: it reverses or reorders the text that follows it.")
    public static let invalidDay = ProfileMessage(key: "profile.error.invalid_day",
        english: "'{value}' is not a day; use YYYY-MM-DD, for example 2025-06-30.")

    // Answers
    public static let narrativeRequired = ProfileMessage(key: "profile.error.narrative_required",
        english: "Describe how the company meets this criterion; a narrative is required for 'meets' and 'partly'.")
    public static let reasonRequired = ProfileMessage(key: "profile.error.not_applicable_reason_required",
        english: "Explain why this criterion does not apply to the company's business model.")
    public static let criterionNotInProfile = ProfileMessage(key: "profile.error.criterion_not_in_profile",
        english: "Criterion {criterion} is not part of this security profile.")
    public static let tooMuchEvidence = ProfileMessage(key: "profile.error.too_much_evidence",
        english: "Link at most {max} evidence files to one criterion.")
    public static let badVersion = ProfileMessage(key: "profile.error.bad_version",
        english: "The form is missing the answer version it was based on. Reload the page and try again.")
    public static let staleEdit = ProfileMessage(key: "profile.error.stale_edit",
        english: "{name} changed this answer at {time} while you were editing. Nothing was saved: reload to see their version, then apply your change again.")
    public static let unknownCondition = ProfileMessage(key: "profile.error.unknown_condition",
        english: "This applicability question is not part of the catalog.")
    public static let conditionYesNo = ProfileMessage(key: "profile.error.condition_yes_no",
        english: "Answer yes or no.")

    // Submission
    public static let submitNotOfficer = ProfileMessage(key: "profile.error.submit_not_officer",
        english: "Only the company officer can submit the security profile.")
    public static let submitDeclaration = ProfileMessage(key: "profile.error.submit_declaration",
        english: "Confirm the declaration before submitting.")
    public static let submitEmpty = ProfileMessage(key: "profile.error.submit_empty",
        english: "The profile has no criteria to submit; choose the company's entity types first.")
    public static let submitUnansweredMusts = ProfileMessage(key: "profile.error.submit_unanswered_musts",
        english: "Answer every Must before submitting; {count} still unanswered: {criteria}.")
    public static let submitRejectedClaims = ProfileMessage(key: "profile.error.submit_rejected_claims",
        english: "The reviewer rejected 'not applicable' on {count} Must criteria: {criteria}. Answer them again before submitting.")

    // The reviewer's decision on a Must claimed not applicable
    public static let claimDecisionInvalid = ProfileMessage(key: "profile.error.claim_decision_invalid",
        english: "Choose a decision: one of {allowed}.")
    public static let claimRejectionReasonRequired = ProfileMessage(key: "profile.error.claim_rejection_reason_required",
        english: "Explain why the criterion applies to this business model; a rejection needs a reason.")
    public static let claimNothingToDecide = ProfileMessage(key: "profile.error.claim_nothing_to_decide",
        english: "Criterion {criterion} was not submitted as a Must marked not applicable, so there is no claim to decide.")

    // Corrective actions
    public static let actionTitleRequired = ProfileMessage(key: "profile.error.action_title_required",
        english: "Give the corrective action a title.")
    public static let actionOwnerRequired = ProfileMessage(key: "profile.error.action_owner_required",
        english: "Name the person who owns this corrective action.")
    public static let actionDueRequired = ProfileMessage(key: "profile.error.action_due_required",
        english: "Choose a due date.")
    public static let actionDueInvalid = ProfileMessage(key: "profile.error.action_due_invalid",
        english: "'{value}' is not a date; use YYYY-MM-DD, for example 2025-06-30.")
    public static let actionCriteriaRequired = ProfileMessage(key: "profile.error.action_criteria_required",
        english: "Link the corrective action to at least one criterion.")
    public static let actionUnknownCriteria = ProfileMessage(key: "profile.error.action_unknown_criteria",
        english: "These criteria are not part of the profile: {criteria}.")
    public static let actionTooManyCriteria = ProfileMessage(key: "profile.error.action_too_many_criteria",
        english: "Link at most {max} criteria to one corrective action.")
    public static let actionTransition = ProfileMessage(key: "profile.error.action_transition",
        english: "A corrective action cannot go from {from} to {to}; from {from} it can go to: {allowed}.")

    // Evidence
    public static let fileTooLarge = ProfileMessage(key: "profile.error.file_too_large",
        english: "The file is {size}; files may be at most {max}.")
    public static let fileEmpty = ProfileMessage(key: "profile.error.file_empty",
        english: "The file is empty. Choose the file again.")
    public static let fileNameMissing = ProfileMessage(key: "profile.error.file_name_missing",
        english: "The file has no usable name. Rename it (for example security-policy.pdf) and upload it again.")
    public static let fileExtensionMissing = ProfileMessage(key: "profile.error.file_extension_missing",
        english: "The file name has no extension. Accepted: {allowed}.")
    public static let fileTypeNotAllowed = ProfileMessage(key: "profile.error.file_type_not_allowed",
        english: "Files of type .{extension} are not accepted. Accepted: {allowed}.")
    public static let fileContentNotAllowed = ProfileMessage(key: "profile.error.file_content_not_allowed",
        english: "The file's content is not an accepted document or image type. Accepted: {allowed}.")
    public static let fileExtensionMismatch = ProfileMessage(key: "profile.error.file_extension_mismatch",
        english: "The file is named .{extension} but its content is {detected}. Save it with the right extension or export it again.")
    public static let fileInvalidText = ProfileMessage(key: "profile.error.file_invalid_text",
        english: "A .{extension} file must be UTF-8 text without NUL bytes. Save it as UTF-8 and upload it again.")
    public static let fileHasMacros = ProfileMessage(key: "profile.error.file_has_macros",
        english: "Office files with macros are not accepted. Save the document without macros (.docx, .xlsx or .pptx).")
    public static let evidenceTitleRequired = ProfileMessage(key: "profile.error.evidence_title_required",
        english: "Give the evidence a title, such as 'Visitor access policy 2025'.")
    public static let evidenceExpiryBeforeEffective = ProfileMessage(key: "profile.error.evidence_expiry_before_effective",
        english: "The expiry date cannot be before the effective date ({effective}).")

    // Reviewer threads
    public static let reviewKindNotAllowed = ProfileMessage(key: "profile.error.review_kind_not_allowed",
        english: "Your role cannot post a message of type '{kind}' on this profile.")
    public static let reviewBodyRequired = ProfileMessage(key: "profile.error.review_body_required",
        english: "Write a message.")
    public static let reviewResponseNeedsRequest = ProfileMessage(key: "profile.error.review_response_needs_request",
        english: "A response must answer one of the reviewer's requests for information on this criterion.")
    public static let reviewRequestClosed = ProfileMessage(key: "profile.error.review_request_closed",
        english: "The reviewer closed this request; post a comment instead.")
    public static let reviewInternalNotAllowed = ProfileMessage(key: "profile.error.review_internal_not_allowed",
        english: "Only reviewers can post internal notes, and only as comments.")
    public static let reviewReplyUnknown = ProfileMessage(key: "profile.error.review_reply_unknown",
        english: "The message you are replying to is not in this thread.")

    /// Every message, for checking the localization files.
    public static let all: [ProfileMessage] = [
        tooLong, controlCharacters, invisibleCharacters, bidiControls, invalidDay, narrativeRequired, reasonRequired,
        criterionNotInProfile, tooMuchEvidence, badVersion, staleEdit, unknownCondition,
        conditionYesNo, submitNotOfficer, submitDeclaration, submitEmpty, submitUnansweredMusts,
        submitRejectedClaims, claimDecisionInvalid, claimRejectionReasonRequired, claimNothingToDecide, actionTitleRequired, actionOwnerRequired, actionDueRequired, actionDueInvalid,
        actionCriteriaRequired, actionUnknownCriteria, actionTooManyCriteria, actionTransition, fileTooLarge,
        fileEmpty, fileNameMissing, fileExtensionMissing, fileTypeNotAllowed, fileContentNotAllowed,
        fileExtensionMismatch, fileInvalidText, fileHasMacros, evidenceTitleRequired, evidenceExpiryBeforeEffective,
        reviewKindNotAllowed, reviewBodyRequired, reviewResponseNeedsRequest, reviewRequestClosed, reviewReplyUnknown,
        reviewInternalNotAllowed,
    ]
}
