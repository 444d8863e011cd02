//! A visitor's consent and every change to it: the one place where choices are decided.
//!
//! [`read_stored`] decides from the cookie header, the configuration and the current time whether
//! the visitor has a valid consent. [`apply`] is the single transition: a [`Change`] (a button,
//! an API call, an iframe placeholder, withdrawal) applied to the current consent gives the new
//! consent and the record's [`RecordEvent`]. [`honour_gpc`] is the Global Privacy Control rule,
//! [`allows`] the gating rule, and [`Public`] the consent as `getConsent()`, the events and the
//! Leptos component show it. The browser shells only carry these decisions out.

use crate::config::Config;
use crate::ids::Ids;
use crate::lang::Lang;
use crate::time::{consent_expiry, DateTime};
use serde::{Deserialize, Serialize};

/// A consent as stored in the cookie.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consent {
    /// Consent id (UUID v4), kept across updates of the same visitor's consent.
    pub id: String,
    /// The configuration's `revision` it was given under.
    pub revision: u32,
    /// When it was given or last changed (Unix seconds, UTC).
    pub given: i64,
    /// The language the visitor saw.
    pub language: Lang,
    /// The ids of the granted categories (the required ones included).
    pub granted: Ids,
    /// Whether it was chosen while the browser sent Global Privacy Control: then its grants of
    /// the GPC categories are explicit and hold (see [`honour_gpc`]).
    pub gpc: bool,
}

/// What the visitor (or the site's code) asks to change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// Every category.
    AcceptAll,
    /// Only the required categories.
    RejectAll,
    /// Exactly these categories: the preference center's switches (required ones are added).
    Save(Ids),
    /// `setConsent({ id: bool })`: these categories on or off, the others as they are.
    Set(Vec<(String, bool)>),
    /// One-click withdrawal: every category that is not required is refused.
    Withdraw,
    /// An iframe placeholder's button: these categories on top of the current ones.
    Allow(Vec<String>),
}

/// The control or call a choice came from (the record's `action`, the event's `action`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// "Accept all".
    AcceptAll,
    /// "Reject all".
    RejectAll,
    /// "Save choices" in the preference center.
    Save,
    /// `kelisim.setConsent()`.
    SetConsent,
    /// "Withdraw consent" or `kelisim.withdraw()`.
    Withdraw,
    /// An iframe placeholder's "Allow" button.
    AllowCategory,
    /// The browser's Global Privacy Control signal refused categories granted without it.
    Gpc,
    /// A form was submitted with a processing purpose ticked (or `kelisim.giveProcessingConsent`).
    /// Only in processing records, which the first layer never makes (feature `json`: not in
    /// its bundle).
    #[cfg(feature = "json")]
    Submit,
}

/// Where a choice was made (the record's and the event's `screen`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Surface {
    /// The first layer.
    Banner,
    /// The preference center.
    Settings,
    /// `window.kelisim`.
    Api,
    /// A gated iframe's placeholder.
    Placeholder,
    /// The browser itself (the Global Privacy Control signal).
    Browser,
    /// One of the site's own forms (processing consent, `data-kelisim-form`); not in the first
    /// layer's bundle, as [`Action::Submit`].
    #[cfg(feature = "json")]
    Form,
}

impl Surface {
    /// Where a click on this surface counts as made: here when the browser says the visitor
    /// clicked (`event.isTrusted`), else through the API (a page script's `.click()` on a
    /// button in the open shadow root, or on a placeholder, is not the visitor's choice there).
    pub fn of_click(self, trusted: bool) -> Surface {
        if trusted {
            self
        } else {
            Surface::Api
        }
    }
}

/// What a record says happened to the consent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum RecordEvent {
    /// The visitor's first choice (no valid consent before).
    Given,
    /// A new choice replacing a valid consent (same consent id).
    Updated,
    /// The visitor withdrew their consent: only the required categories remain.
    Withdrawn,
}

macro_rules! names {
    ($ty:ty { $($(#[$m:meta])* $variant:ident => $name:literal),* $(,)? }) => {
        impl $ty {
            /// The JSON name.
            pub fn as_str(self) -> &'static str {
                match self { $($(#[$m])* Self::$variant => $name),* }
            }
            /// Reads a JSON name back.
            pub fn from_name(name: &str) -> Option<Self> {
                match name { $($(#[$m])* $name => Some(Self::$variant),)* _ => None }
            }
        }
    };
}
names!(Action { AcceptAll => "accept-all", RejectAll => "reject-all", Save => "save",
    SetConsent => "set-consent", Withdraw => "withdraw", AllowCategory => "allow-category",
    Gpc => "gpc", #[cfg(feature = "json")] Submit => "submit" });
names!(Surface { Banner => "banner", Settings => "settings", Api => "api",
    Placeholder => "placeholder", Browser => "browser",
    #[cfg(feature = "json")] Form => "form" });
names!(RecordEvent { Given => "given", Updated => "updated", Withdrawn => "withdrawn" });

impl Change {
    /// The change a button of the preference center asks for: its contract action
    /// (`data-kelisim-action`) and, for Save, its `switches`. `None` for an action no button makes.
    pub fn of_button(action: Action, switches: impl FnOnce() -> Ids) -> Option<Change> {
        Some(match action {
            Action::AcceptAll => Change::AcceptAll,
            Action::RejectAll => Change::RejectAll,
            Action::Withdraw => Change::Withdraw,
            Action::Save => Change::Save(switches()),
            _ => return None,
        })
    }

    /// The action a change is recorded as.
    pub fn action(&self) -> Action {
        match self {
            Change::AcceptAll => Action::AcceptAll,
            Change::RejectAll => Action::RejectAll,
            Change::Save(_) => Action::Save,
            Change::Set(_) => Action::SetConsent,
            Change::Withdraw => Action::Withdraw,
            Change::Allow(_) => Action::AllowCategory,
        }
    }
}

/// What the stored cookie says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stored {
    /// No cookie: ask.
    Missing,
    /// A cookie that does not count; ask again. The reason is for the console.
    Invalid(&'static str),
    /// A consent that holds.
    Valid(Consent),
}

/// What only the browser knows when a change is applied.
#[derive(Clone, Debug)]
pub struct Context {
    /// The language shown.
    pub language: Lang,
    /// Now, Unix seconds.
    pub now: i64,
    /// Whether the browser sends Global Privacy Control.
    pub gpc: bool,
    /// A fresh UUID v4, the consent id when there is no current consent.
    pub new_id: String,
}

/// The result of [`apply`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transition {
    /// The new consent.
    pub consent: Consent,
    /// What the record says happened.
    pub event: RecordEvent,
    /// What it is recorded as.
    pub action: Action,
    /// Category ids of a [`Change::Set`] or [`Change::Allow`] the configuration does not have
    /// (ignored; the shell warns).
    pub ignored: Vec<String>,
}

impl Consent {
    /// When it expires (Unix seconds): 13 calendar months after it was given.
    pub fn expires(&self) -> i64 {
        consent_expiry(self.given)
    }

    /// Whether category `id` is granted.
    pub fn accepted(&self, id: &str) -> bool {
        self.granted.contains(id)
    }

    /// The public form of `getConsent()`, with every category of the configuration.
    pub fn public(&self, config: &Config) -> Public {
        Public {
            id: self.id.clone(),
            revision: self.revision,
            timestamp: DateTime::from_unix(self.given).rfc3339(),
            expires: DateTime::from_unix(self.expires()).rfc3339(),
            language: self.language,
            categories: {
                let mut categories = Vec::new();
                for c in &config.categories {
                    categories.push((c.id.clone(), self.accepted(&c.id)));
                }
                categories
            },
        }
    }
}

/// The consent as `getConsent()`, the `kelisim:consent` events and `use_consent()` show it:
/// `{ id, revision, timestamp, expires, language, categories: { <id>: bool } }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Public {
    /// The consent id.
    pub id: String,
    /// The revision it was given under.
    pub revision: u32,
    /// When it was given or last changed (RFC 3339, UTC).
    pub timestamp: String,
    /// When it expires (RFC 3339, UTC).
    pub expires: String,
    /// The language the visitor saw.
    pub language: Lang,
    /// Every category of the configuration, granted or not, in the configuration's order.
    #[serde(serialize_with = "as_map")]
    pub categories: Vec<(String, bool)>,
}

fn as_map<S: serde::Serializer>(pairs: &[(String, bool)], s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(pairs.iter().map(|(k, v)| (k, v)))
}

/// How far in the future (seconds) a stored consent's time may lie (clocks differ): one day.
pub const FUTURE_TOLERANCE_S: i64 = 86_400;

/// Reads the consent in `cookie_header` (a `Cookie` header or `document.cookie`) at `now`:
/// [`read_newest`]'s answer.
pub fn read_stored(cookie_header: &str, config: &Config, now: i64) -> Stored {
    read_newest(cookie_header, config, now).0
}

/// Reads one cookie value at `now`.
fn read_value(value: &str, config: &Config, now: i64) -> Stored {
    let consent = match crate::cookie::decode(value) {
        Ok(c) => c,
        Err(crate::cookie::DecodeError::Altered) => {
            return Stored::Invalid("the consent cookie was altered")
        }
        Err(_) => return Stored::Invalid("the consent cookie cannot be read"),
    };
    if consent.revision != config.revision {
        Stored::Invalid("the site's revision changed")
    } else if now >= consent.expires() {
        Stored::Invalid("the consent expired")
    } else if consent.given > now + FUTURE_TOLERANCE_S {
        Stored::Invalid("the consent cookie is dated in the future")
    } else {
        Stored::Valid(consent)
    }
}

/// Reads every consent cookie in `cookie_header` at `now` and takes the newest valid one (the
/// latest `given`; the first of equals), with its value and the number of cookies of that name.
/// A browser may hold two of them: the site's `cookie.domain` and a receiver's
/// `--cookie-domain` (or a host-only cookie) differ, and the older one, listed first, must not
/// hide a later refusal or withdrawal. Without a valid one: the first's reason, or `Missing`.
pub fn read_newest<'a>(
    cookie_header: &'a str,
    config: &Config,
    now: i64,
) -> (Stored, Option<&'a str>, usize) {
    let mut best: (Stored, Option<&'a str>) = (Stored::Missing, None);
    let mut count = 0;
    for value in crate::cookie::find_all(cookie_header, &config.cookie.name) {
        count += 1;
        let stored = read_value(value, config, now);
        let better = match (&stored, &best.0) {
            (Stored::Valid(new), Stored::Valid(old)) => new.given > old.given,
            (Stored::Valid(_), _) => true,
            (Stored::Invalid(_), Stored::Missing) => true,
            _ => false,
        };
        if better {
            best = (stored, Some(value));
        }
    }
    (best.0, best.1, count)
}

/// The `document.cookie` strings that leave one consent cookie where a page on `host` (over
/// https or not) sees several ([`read_newest`]): every copy is deleted (host-only, on the
/// configured domain and on every parent domain), then the newest valid one, if any, is written
/// again with the configuration's attributes until its own expiry. Empty when there is at most
/// one.
pub fn single_cookie(
    cookie_header: &str,
    config: &Config,
    host: &str,
    secure: bool,
    now: i64,
) -> Vec<String> {
    let (stored, value, count) = read_newest(cookie_header, config, now);
    if count < 2 {
        return Vec::new();
    }
    // Deleted as the refused services' cookies are (the same code: the first layer's weight).
    let mut out = Vec::new();
    crate::cleanup::delete_present(
        &mut out,
        cookie_header,
        &config.cookie.name,
        "/",
        config.cookie.domain.as_deref(),
        &crate::cleanup::parent_domains(host),
        secure,
    );
    if let (Stored::Valid(consent), Some(value)) = (stored, value) {
        out.push(crate::cookie::set_string(
            &config.cookie.name,
            value,
            consent.expires(),
            &crate::cookie::Attributes {
                domain: config.cookie.domain.as_deref(),
                path: "/",
                secure,
            },
        ));
    }
    out
}

/// Applies `change` to the visitor's `current` consent (a valid one, or none). The required
/// categories are always granted and nothing the configuration does not list ever is; an update
/// keeps the consent id.
///
/// ```
/// use kelisim::consent::{apply, Action, Change, Context, RecordEvent};
/// use kelisim::lang::Lang;
/// let config = kelisim::config::parse("{}").0.unwrap(); // the default categories
/// let ctx = |now| Context {
///     language: Lang::Ru,
///     now,
///     gpc: false,
///     new_id: "0b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6f".into(),
/// };
/// let first = apply(None, &Change::RejectAll, &config, ctx(1_764_000_000));
/// assert_eq!((first.event, first.action), (RecordEvent::Given, Action::RejectAll));
/// assert!(first.consent.accepted("necessary") && !first.consent.accepted("analytics"));
///
/// let change = Change::Set(vec![("analytics".into(), true), ("video".into(), true)]);
/// let later = apply(Some(&first.consent), &change, &config, ctx(1_764_000_060));
/// assert_eq!(later.event, RecordEvent::Updated);
/// assert_eq!(later.consent.id, first.consent.id);
/// assert!(later.consent.accepted("analytics"));
/// assert_eq!(later.ignored, ["video"]); // not a category of this configuration
/// ```
pub fn apply(
    current: Option<&Consent>,
    change: &Change,
    config: &Config,
    ctx: Context,
) -> Transition {
    let known = |id: &str| config.category(id).is_some();
    let had = |id: &str| current.is_some_and(|c| c.accepted(id));
    let mut ignored = Vec::new();
    let mut unknown = |id: &String| {
        if !known(id) {
            ignored.push(id.clone());
        }
    };
    match change {
        Change::Set(changes) => changes.iter().for_each(|(id, _)| unknown(id)),
        Change::Allow(ids) => ids.iter().for_each(unknown),
        _ => {}
    }
    // Whether the change leaves category `id` on (before the required ones are added).
    let on = |id: &str| match change {
        Change::AcceptAll => true,
        Change::RejectAll | Change::Withdraw => false,
        Change::Save(ids) => ids.contains(id),
        // The last change of a category counts; the others keep what they had.
        Change::Set(changes) => changes
            .iter()
            .rev()
            .find(|(c, _)| c == id)
            .map_or(had(id), |(_, on)| *on),
        Change::Allow(ids) => had(id) || ids.iter().any(|c| c == id),
    };
    // Decided category by category, in the configuration's order.
    let mut granted = Ids::new();
    for c in &config.categories {
        if c.is_required() || on(&c.id) {
            granted.insert(c.id.clone());
        }
    }
    let event = match (change, current) {
        (Change::Withdraw, _) => RecordEvent::Withdrawn,
        (_, Some(_)) => RecordEvent::Updated,
        (_, None) => RecordEvent::Given,
    };
    Transition {
        consent: Consent {
            id: current.map_or(ctx.new_id, |c| c.id.clone()),
            revision: config.revision,
            given: ctx.now,
            language: ctx.language,
            granted,
            gpc: ctx.gpc,
        },
        event,
        action: change.action(),
        ignored,
    }
}

/// The Global Privacy Control rule. GPC is an opt-out of the sale and sharing of data that must be
/// honoured even against an earlier choice: a stored consent that granted one of the
/// configuration's `gpc_categories` while no signal was present counts as refusing it while the
/// signal is present. The change is an `updated` record (action `gpc`, `gpc: true`) and the site
/// may ask again. A grant made while the signal was present (`consent.gpc`) is explicit and holds.
pub fn honour_gpc(stored: &Consent, config: &Config, gpc: bool, now: i64) -> Option<Transition> {
    if !gpc || stored.gpc {
        return None;
    }
    let mut refused = Vec::new();
    for id in &config.gpc_categories {
        if stored.accepted(id) && !config.category(id).is_some_and(|c| c.is_required()) {
            refused.push(id);
        }
    }
    if refused.is_empty() {
        return None;
    }
    let mut granted = Ids::new();
    for id in stored.granted.iter().filter(|id| !refused.contains(id)) {
        granted.insert(id.clone());
    }
    Some(Transition {
        consent: Consent {
            id: stored.id.clone(),
            given: now,
            granted,
            gpc: true,
            ..*stored
        },
        event: RecordEvent::Updated,
        action: Action::Gpc,
        ignored: Vec::new(),
    })
}

/// The gating rule: whether content that needs the space-separated `categories` may run. Every
/// category must be granted (required categories always are); an empty list never runs.
pub fn allows(consent: Option<&Consent>, config: &Config, categories: &str) -> bool {
    let mut ids = categories.split_whitespace().peekable();
    ids.peek().is_some()
        && ids.all(|id| {
            consent.is_some_and(|c| c.accepted(id))
                || config.category(id).is_some_and(|c| c.is_required())
        })
}

/// The GPC categories that a consent made under `gpc` leaves refused and the banner names, in the
/// configuration's order: those the configuration has and that are not required.
pub fn gpc_refused<'c>(config: &'c Config, consent: Option<&Consent>) -> Vec<&'c str> {
    let mut out = Vec::new();
    for c in &config.categories {
        if !c.is_required()
            && config.gpc_categories.contains(&c.id)
            && !consent.is_some_and(|k| k.accepted(&c.id))
        {
            out.push(c.id.as_str());
        }
    }
    out
}

/// Google Consent Mode v2: each consent type and whether it is granted, by the configuration's
/// `consent_mode` mapping (a type is granted when any category mapped to it is). Without a consent
/// only the required categories hold; `security_storage` is always granted.
pub fn consent_mode(config: &Config, consent: Option<&Consent>) -> Vec<(&'static str, bool)> {
    let granted = |id: &str| match consent {
        Some(c) => c.accepted(id),
        None => config.category(id).is_some_and(|c| c.is_required()),
    };
    let mut out = Vec::new();
    for t in crate::config::CONSENT_TYPES {
        let on = t == crate::config::ALWAYS_GRANTED_TYPE
            || (config.consent_mode.iter())
                .any(|(category, types)| granted(category) && types.iter().any(|x| x == t));
        out.push((t, on));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse;

    const NOW: i64 = 1_769_853_600; // 2026-01-31T10:00:00Z
    const ID: &str = "0b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6f";

    fn config(json: &str) -> Config {
        parse(json).0.unwrap()
    }

    #[test]
    fn a_button_s_action_name_is_its_change() {
        let switches: Ids = ["analytics".to_owned()].into();
        let by = |name: &str| {
            Action::from_name(name).and_then(|a| Change::of_button(a, || switches.clone()))
        };
        assert_eq!(by("accept-all"), Some(Change::AcceptAll));
        assert_eq!(by("reject-all"), Some(Change::RejectAll));
        assert_eq!(by("withdraw"), Some(Change::Withdraw));
        assert_eq!(by("save"), Some(Change::Save(switches.clone())));
        for name in [
            "set-consent",
            "allow-category",
            "gpc",
            "preferences",
            "close",
            "",
        ] {
            assert_eq!(by(name), None, "{name}");
        }
        for change in [Change::AcceptAll, Change::RejectAll, Change::Withdraw] {
            assert_eq!(Change::of_button(change.action(), Ids::new), Some(change));
        }
    }

    fn ctx(gpc: bool) -> Context {
        Context {
            language: Lang::Kk,
            now: NOW,
            gpc,
            new_id: ID.into(),
        }
    }

    fn ids(c: &Consent) -> Vec<&str> {
        c.granted.iter().map(String::as_str).collect()
    }

    fn set(ids: &[&str]) -> Ids {
        ids.iter().map(|s| s.to_string()).collect()
    }

    fn consent(granted: &[&str], gpc: bool) -> Consent {
        Consent {
            id: "11111111-2222-4333-8444-555555555555".into(),
            revision: 1,
            given: NOW - 1000,
            language: Lang::Ru,
            granted: set(granted),
            gpc,
        }
    }

    /// Every change, from no consent and from a consent, as a table:
    /// (change, current granted or None, expected granted, event, action, ignored).
    #[test]
    fn transitions() {
        let cfg = config(
            r#"{"categories":[{"id":"necessary"},{"id":"analytics"},{"id":"marketing"},{"id":"chat","name":"Chat","required":true}]}"#,
        );
        type Row<'a> = (
            Change,
            Option<&'a [&'a str]>,
            &'a [&'a str],
            RecordEvent,
            Action,
            &'a [&'a str],
        );
        let all: &[&str] = &["analytics", "chat", "marketing", "necessary"];
        let req: &[&str] = &["chat", "necessary"];
        let some: &[&str] = &["analytics", "chat", "necessary"];
        let rows: Vec<Row> = vec![
            (
                Change::AcceptAll,
                None,
                all,
                RecordEvent::Given,
                Action::AcceptAll,
                &[],
            ),
            (
                Change::AcceptAll,
                Some(req),
                all,
                RecordEvent::Updated,
                Action::AcceptAll,
                &[],
            ),
            (
                Change::RejectAll,
                None,
                req,
                RecordEvent::Given,
                Action::RejectAll,
                &[],
            ),
            (
                Change::RejectAll,
                Some(all),
                req,
                RecordEvent::Updated,
                Action::RejectAll,
                &[],
            ),
            (
                Change::Save(set(&["analytics", "bogus"])),
                None,
                some,
                RecordEvent::Given,
                Action::Save,
                &[],
            ),
            (
                Change::Save(set(&[])),
                Some(all),
                req,
                RecordEvent::Updated,
                Action::Save,
                &[],
            ),
            (
                Change::Set(vec![("analytics".into(), true), ("nope".into(), true)]),
                None,
                some,
                RecordEvent::Given,
                Action::SetConsent,
                &["nope"],
            ),
            (
                Change::Set(vec![("marketing".into(), false)]),
                Some(all),
                some,
                RecordEvent::Updated,
                Action::SetConsent,
                &[],
            ),
            (
                Change::Set(vec![("chat".into(), false)]),
                Some(req),
                req,
                RecordEvent::Updated,
                Action::SetConsent,
                &[],
            ),
            (
                Change::Withdraw,
                Some(all),
                req,
                RecordEvent::Withdrawn,
                Action::Withdraw,
                &[],
            ),
            (
                Change::Withdraw,
                None,
                req,
                RecordEvent::Withdrawn,
                Action::Withdraw,
                &[],
            ),
            (
                Change::Allow(vec!["analytics".into()]),
                None,
                some,
                RecordEvent::Given,
                Action::AllowCategory,
                &[],
            ),
            (
                Change::Allow(vec!["marketing".into(), "x".into()]),
                Some(some),
                all,
                RecordEvent::Updated,
                Action::AllowCategory,
                &["x"],
            ),
        ];
        for (change, current, expected, event, action, ignored) in rows {
            let current = current.map(|g| consent(g, false));
            let t = apply(current.as_ref(), &change, &cfg, ctx(false));
            assert_eq!(ids(&t.consent), expected, "{change:?} from {current:?}");
            assert_eq!(t.event, event, "{change:?}");
            assert_eq!(t.action, action, "{change:?}");
            assert_eq!(t.ignored, ignored, "{change:?}");
            assert_eq!(t.consent.given, NOW);
            assert_eq!(t.consent.id, current.map_or(ID.to_owned(), |c| c.id));
        }
    }

    #[test]
    fn a_choice_remembers_whether_gpc_was_sent() {
        let cfg = config("{}");
        assert!(apply(None, &Change::AcceptAll, &cfg, ctx(true)).consent.gpc);
        assert!(
            !apply(None, &Change::AcceptAll, &cfg, ctx(false))
                .consent
                .gpc
        );
    }

    #[test]
    fn gpc_refuses_what_was_granted_without_it() {
        let cfg = config("{}");
        let before = consent(&["analytics", "marketing", "necessary"], false);
        let t = honour_gpc(&before, &cfg, true, NOW).expect("marketing is refused");
        assert_eq!(ids(&t.consent), ["analytics", "necessary"]);
        assert_eq!((t.event, t.action), (RecordEvent::Updated, Action::Gpc));
        assert!(t.consent.gpc);
        assert_eq!(t.consent.id, before.id);
        assert_eq!(t.consent.given, NOW);
        // No signal, a grant made under the signal, or nothing to refuse: nothing changes.
        assert_eq!(honour_gpc(&before, &cfg, false, NOW), None);
        assert_eq!(
            honour_gpc(&consent(&["marketing", "necessary"], true), &cfg, true, NOW),
            None
        );
        assert_eq!(
            honour_gpc(
                &consent(&["analytics", "necessary"], false),
                &cfg,
                true,
                NOW
            ),
            None
        );
        // The configuration says which categories GPC covers.
        let cfg = config(r#"{"gpc_categories": ["analytics"]}"#);
        let t = honour_gpc(&before, &cfg, true, NOW).unwrap();
        assert_eq!(ids(&t.consent), ["marketing", "necessary"]);
    }

    #[test]
    fn gpc_names_the_refused_categories() {
        let cfg = config("{}");
        assert_eq!(gpc_refused(&cfg, None), ["marketing"]);
        assert!(gpc_refused(&cfg, Some(&consent(&["marketing"], true))).is_empty());
        let cfg = config(r#"{"gpc_categories": ["necessary", "analytics", "nope"]}"#);
        assert_eq!(gpc_refused(&cfg, None), ["analytics"]);
    }

    #[test]
    fn consent_mode_follows_the_mapping() {
        let cfg = config("{}");
        let on = |c: Option<&Consent>| -> Vec<&str> {
            consent_mode(&cfg, c)
                .into_iter()
                .filter(|(_, g)| *g)
                .map(|(t, _)| t)
                .collect()
        };
        assert_eq!(on(None), ["security_storage"]);
        let c = consent(&["analytics", "necessary"], false);
        assert_eq!(on(Some(&c)), ["analytics_storage", "security_storage"]);
        let cfg = config(r#"{"consent_mode": {"necessary": ["functionality_storage"]}}"#);
        let types: Vec<_> = consent_mode(&cfg, None)
            .into_iter()
            .filter(|(_, g)| *g)
            .map(|(t, _)| t)
            .collect();
        assert_eq!(types, ["functionality_storage", "security_storage"]);
    }

    #[test]
    fn gating_needs_every_category() {
        let cfg = config("{}");
        let c = consent(&["analytics", "necessary"], false);
        assert!(allows(Some(&c), &cfg, "analytics"));
        assert!(allows(Some(&c), &cfg, " analytics  necessary "));
        assert!(!allows(Some(&c), &cfg, "analytics marketing"));
        assert!(!allows(Some(&c), &cfg, ""));
        assert!(!allows(Some(&c), &cfg, "   "));
        assert!(allows(None, &cfg, "necessary"));
        assert!(!allows(None, &cfg, "analytics"));
        assert!(!allows(None, &cfg, "unknown"));
    }

    #[test]
    fn public_lists_every_category() {
        let cfg = config("{}");
        let c = Consent {
            given: NOW,
            ..consent(&["analytics", "necessary"], false)
        };
        let p = c.public(&cfg);
        assert_eq!(p.timestamp, "2026-01-31T10:00:00Z");
        assert_eq!(p.expires, "2027-02-28T10:00:00Z");
        assert_eq!(
            serde_json::to_value(&p).unwrap()["categories"],
            serde_json::json!({"necessary": true, "preferences": false, "analytics": true, "marketing": false})
        );
        assert_eq!(serde_json::to_value(&p).unwrap()["language"], "ru");
    }

    #[test]
    fn names_round_trip() {
        for a in [
            Action::AcceptAll,
            Action::RejectAll,
            Action::Save,
            Action::SetConsent,
            Action::Withdraw,
            Action::AllowCategory,
            Action::Gpc,
        ] {
            assert_eq!(Action::from_name(a.as_str()), Some(a));
            assert_eq!(serde_json::to_value(a).unwrap(), a.as_str());
        }
        for s in [
            Surface::Banner,
            Surface::Settings,
            Surface::Api,
            Surface::Placeholder,
            Surface::Browser,
        ] {
            assert_eq!(Surface::from_name(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        for e in [
            RecordEvent::Given,
            RecordEvent::Updated,
            RecordEvent::Withdrawn,
        ] {
            assert_eq!(RecordEvent::from_name(e.as_str()), Some(e));
            assert_eq!(serde_json::to_value(e).unwrap(), e.as_str());
        }
        assert_eq!(Action::from_name("bogus"), None);
    }

    #[test]
    fn only_the_visitors_own_clicks_count_on_a_surface() {
        for s in [Surface::Banner, Surface::Settings, Surface::Placeholder] {
            assert_eq!(s.of_click(true), s);
            assert_eq!(s.of_click(false), Surface::Api, "{s:?}");
        }
    }

    #[test]
    fn stored_consent_holds_until_it_expires_or_the_revision_changes() {
        let cfg = config("{}");
        let c = apply(None, &Change::AcceptAll, &cfg, ctx(false)).consent;
        let header = format!("other=1; kelisim={}", crate::cookie::encode(&c));
        assert_eq!(
            read_stored(&header, &cfg, NOW + 10),
            Stored::Valid(c.clone())
        );
        assert_eq!(
            read_stored(&header, &cfg, c.expires() - 1),
            Stored::Valid(c.clone())
        );
        assert_eq!(
            read_stored(&header, &cfg, c.expires()),
            Stored::Invalid("the consent expired")
        );
        let cfg2 = config(r#"{"revision": 2}"#);
        assert_eq!(
            read_stored(&header, &cfg2, NOW),
            Stored::Invalid("the site's revision changed")
        );
        assert_eq!(read_stored("other=1", &cfg, NOW), Stored::Missing);
        assert_eq!(
            read_stored("kelisim=garbage", &cfg, NOW),
            Stored::Invalid("the consent cookie cannot be read")
        );
        let forged = header.replace("analytics~", "");
        assert_eq!(
            read_stored(&forged, &cfg, NOW),
            Stored::Invalid("the consent cookie was altered")
        );
        assert_eq!(
            read_stored(&header, &cfg, NOW - 86_401),
            Stored::Invalid("the consent cookie is dated in the future")
        );
        assert!(matches!(
            read_stored(&header, &cfg, NOW - 86_400),
            Stored::Valid(_)
        ));
    }

    #[test]
    fn custom_cookie_name_is_used() {
        let cfg = config(r#"{"cookie": {"name": "consent_kz"}}"#);
        let c = apply(None, &Change::AcceptAll, &cfg, ctx(false)).consent;
        let header = format!("kelisim=x; consent_kz={}", crate::cookie::encode(&c));
        assert!(matches!(read_stored(&header, &cfg, NOW), Stored::Valid(_)));
    }

    #[test]
    fn the_newest_valid_of_two_cookies_counts() {
        let cfg = config("{}");
        let grant = apply(None, &Change::AcceptAll, &cfg, ctx(false)).consent;
        let mut later = ctx(false);
        later.now = NOW + 60;
        let reject = apply(Some(&grant), &Change::RejectAll, &cfg, later).consent;
        let (g, r) = (
            crate::cookie::encode(&grant),
            crate::cookie::encode(&reject),
        );
        // The older grant first (as a browser lists an older cookie): the refusal counts.
        for header in [
            format!("kelisim={g}; a=1; kelisim={r}"),
            format!("kelisim={r}; kelisim={g}"),
        ] {
            let (stored, value, count) = read_newest(&header, &cfg, NOW + 120);
            assert_eq!(stored, Stored::Valid(reject.clone()), "{header}");
            assert_eq!((value, count), (Some(r.as_str()), 2));
            assert_eq!(read_stored(&header, &cfg, NOW + 120), stored);
        }
        // Two made in the same second (a grant and a refusal): the first listed counts, as
        // documented, whichever it is.
        let same_time = apply(Some(&grant), &Change::RejectAll, &cfg, ctx(false)).consent;
        let s = crate::cookie::encode(&same_time);
        assert_eq!(same_time.given, grant.given);
        for (header, first) in [
            (format!("kelisim={g}; kelisim={s}"), &g),
            (format!("kelisim={s}; kelisim={g}"), &s),
        ] {
            assert_eq!(
                read_newest(&header, &cfg, NOW + 120).1,
                Some(first.as_str())
            );
        }
        // A newer value that does not hold (altered, another revision) does not hide a valid one.
        let altered = r.replace(".0.", ".1.");
        let header = format!("kelisim={g}; kelisim={altered}");
        assert_eq!(
            read_stored(&header, &cfg, NOW + 120),
            Stored::Valid(grant.clone())
        );
        // No valid one: the first one's reason.
        assert_eq!(
            read_stored("kelisim=x; kelisim=y", &cfg, NOW),
            Stored::Invalid("the consent cookie cannot be read")
        );
        assert_eq!(read_newest("a=1", &cfg, NOW), (Stored::Missing, None, 0));
    }

    #[test]
    fn duplicate_cookies_are_deleted_but_the_newest() {
        let cfg = config(r#"{"cookie": {"domain": ".shop.kz"}}"#);
        let grant = apply(None, &Change::AcceptAll, &cfg, ctx(false)).consent;
        let mut later = ctx(false);
        later.now = NOW + 60;
        let reject = apply(Some(&grant), &Change::RejectAll, &cfg, later).consent;
        let (g, r) = (
            crate::cookie::encode(&grant),
            crate::cookie::encode(&reject),
        );
        let one = format!("kelisim={r}");
        assert!(single_cookie(&one, &cfg, "www.shop.kz", true, NOW).is_empty());
        let two = format!("kelisim={g}; kelisim={r}");
        let out = single_cookie(&two, &cfg, "www.shop.kz", true, NOW + 120);
        let deleted: Vec<&str> = out
            .iter()
            .filter(|s| s.contains("Max-Age=0"))
            .map(|s| {
                s.split("Domain=")
                    .nth(1)
                    .map_or("host", |d| d.split(';').next().unwrap())
            })
            .collect();
        assert_eq!(deleted, [".shop.kz", ".www.shop.kz", "host"]);
        let last = out.last().unwrap();
        assert!(
            last.starts_with(&format!("kelisim={r}; Path=/; Expires=")),
            "{last}"
        );
        assert!(
            last.ends_with("; SameSite=Lax; Domain=.shop.kz; Secure"),
            "{last}"
        );
        assert_eq!(out.len(), 4);
        // None valid: all deleted (host-only and .shop.kz, the configured domain), none written.
        let out = single_cookie("kelisim=x; kelisim=y", &cfg, "shop.kz", false, NOW);
        assert!(
            out.iter().all(|s| s.contains("Max-Age=0")) && out.len() == 2,
            "{out:?}"
        );
    }
}
