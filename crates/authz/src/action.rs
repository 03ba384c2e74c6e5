//! The actions a user may ask for, and the kind of resource each one is about.

/// What a user wants to do. The string id ([`Action::id`]) is the cedar action id and is stable:
/// it may be stored (audit) and appears in the policies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    /// Landing page. Resource: [`Resource::System`].
    ViewDashboard,
    /// The organisation tree (structure, names, counts; no person lists). Resource: the org.
    BrowseOrgs,
    /// Person lists and search in an org subtree. Resource: the org searched.
    SearchPersons,
    /// Export of person lists. Resource: the org exported.
    ExportPersons,
    /// A person's dossier. Resource: the person.
    ReadDossier,
    /// The change history of a dossier. Resource: the person.
    ViewHistory,
    /// Changing a dossier. Resource: the person.
    EditDossier,
    /// Self-service: one's own dossier. Resource: the person.
    ReadOwnDossier,
    /// Self-service: declaring into one's own dossier. Resource: the person.
    EditOwnDossier,
    /// The audit trail of an org subtree. Resource: the org.
    ViewAudit,
    /// Listing and viewing accounts. Resource: [`Resource::System`].
    ManageAccounts,
    /// Creating, changing, locking accounts. Resource: [`Resource::System`].
    ManageAccountsWrite,
    /// Reading the regulation packs and their differences (regulations, not personal data).
    /// Resource: [`Resource::System`].
    ViewRules,
    /// Starting or resuming a review campaign over an org subtree. Resource: the org.
    RunCampaign,
    /// A review campaign's progress and work lists (persons with findings). Resource: the org
    /// whose results are shown.
    ViewCampaign,
    /// Lists of vetting cases kept in an org subtree. Resource: the org listed.
    ListCases,
    /// A vetting case: its requests, answers, notes and conclusions. Resource: the subject.
    ViewCase,
    /// The officer's work on a case: opening, requests, appraisal, explanation requests.
    /// Resource: the subject.
    HandleCase,
    /// The cell's work on a case: checking and sealing, comment (item 25). Resource: the subject.
    CommentCase,
    /// The committee's work on a case: conclusion, certification (item 26), decision, review.
    /// Resource: the subject.
    DecideCase,
    /// Self-service: one's own cases, stage and what is awaited. Resource: the person.
    ViewOwnCase,
    /// Self-service: submitting an explanation when asked. Resource: the person.
    ExplainOwnCase,
    /// The secret registers of an org subtree: books and lines (content by clearance).
    /// Resource: the org.
    ListSecretRegisters,
    /// Keeping the secret registers: registering items, cancelling lines, closing books.
    /// Resource: the org.
    KeepSecretRegisters,
    /// One classified item with its content. Resource: [`Resource::SecretItem`].
    ReadSecretItem,
    /// Allowing (or refusing) a copy of a classified item or taking it out of its keeping place:
    /// the authority's own decision.
    /// Resource: [`Resource::SecretItem`].
    AuthorizeSecretUse,
    /// The head of a keeping unit, or someone of a level above it, saying they saw a report of
    /// a classified item lost or disclosed. Resource: the org of the keeping unit.
    AcknowledgeSecretIncident,
}

/// The kind of resource an action applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceKind {
    System,
    Org,
    Person,
    SecretItem,
}

impl Action {
    pub const ALL: [Action; 27] = [
        Action::ViewDashboard,
        Action::BrowseOrgs,
        Action::SearchPersons,
        Action::ExportPersons,
        Action::ReadDossier,
        Action::ViewHistory,
        Action::EditDossier,
        Action::ReadOwnDossier,
        Action::EditOwnDossier,
        Action::ViewAudit,
        Action::ManageAccounts,
        Action::ManageAccountsWrite,
        Action::ViewRules,
        Action::RunCampaign,
        Action::ViewCampaign,
        Action::ListCases,
        Action::ViewCase,
        Action::HandleCase,
        Action::CommentCase,
        Action::DecideCase,
        Action::ViewOwnCase,
        Action::ExplainOwnCase,
        Action::ListSecretRegisters,
        Action::KeepSecretRegisters,
        Action::ReadSecretItem,
        Action::AuthorizeSecretUse,
        Action::AcknowledgeSecretIncident,
    ];

    /// The cedar action id, `Action::"<id>"`.
    pub fn id(self) -> &'static str {
        match self {
            Action::ViewDashboard => "ViewDashboard",
            Action::BrowseOrgs => "BrowseOrgs",
            Action::SearchPersons => "SearchPersons",
            Action::ExportPersons => "ExportPersons",
            Action::ReadDossier => "ReadDossier",
            Action::ViewHistory => "ViewHistory",
            Action::EditDossier => "EditDossier",
            Action::ReadOwnDossier => "ReadOwnDossier",
            Action::EditOwnDossier => "EditOwnDossier",
            Action::ViewAudit => "ViewAudit",
            Action::ManageAccounts => "ManageAccounts",
            Action::ManageAccountsWrite => "ManageAccountsWrite",
            Action::ViewRules => "ViewRules",
            Action::RunCampaign => "RunCampaign",
            Action::ViewCampaign => "ViewCampaign",
            Action::ListCases => "ListCases",
            Action::ViewCase => "ViewCase",
            Action::HandleCase => "HandleCase",
            Action::CommentCase => "CommentCase",
            Action::DecideCase => "DecideCase",
            Action::ViewOwnCase => "ViewOwnCase",
            Action::ExplainOwnCase => "ExplainOwnCase",
            Action::ListSecretRegisters => "ListSecretRegisters",
            Action::KeepSecretRegisters => "KeepSecretRegisters",
            Action::ReadSecretItem => "ReadSecretItem",
            Action::AuthorizeSecretUse => "AuthorizeSecretUse",
            Action::AcknowledgeSecretIncident => "AcknowledgeSecretIncident",
        }
    }

    pub fn from_id(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.id() == s)
    }

    /// The resource this action applies to (as declared in the schema).
    pub fn resource_kind(self) -> ResourceKind {
        match self {
            Action::ViewDashboard | Action::ManageAccounts | Action::ManageAccountsWrite | Action::ViewRules => {
                ResourceKind::System
            }
            Action::BrowseOrgs
            | Action::SearchPersons
            | Action::ExportPersons
            | Action::ViewAudit
            | Action::RunCampaign
            | Action::ViewCampaign
            | Action::ListCases
            | Action::ListSecretRegisters
            | Action::KeepSecretRegisters
            | Action::AcknowledgeSecretIncident => ResourceKind::Org,
            Action::ReadDossier
            | Action::ViewHistory
            | Action::EditDossier
            | Action::ReadOwnDossier
            | Action::EditOwnDossier
            | Action::ViewCase
            | Action::HandleCase
            | Action::CommentCase
            | Action::DecideCase
            | Action::ViewOwnCase
            | Action::ExplainOwnCase => ResourceKind::Person,
            Action::ReadSecretItem | Action::AuthorizeSecretUse => ResourceKind::SecretItem,
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}
