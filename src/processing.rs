//! Consent to the processing of personal data asked by the site's own forms
//! (`<form data-kelisim-form="…">`, purposes in the configuration's `forms`, see
//! [`crate::config::forms`]): the exact text a visitor agrees to, its SHA-256, the record of a
//! ticked purpose, and what the browser keeps of each consent given on this device.
//!
//! The text ([`consent_text`]) is the law 94-V Art. 8(4) contents, one line each, in the
//! visitor's language, built from the Fluent messages `processing-*` (and the shared
//! `cross-border-*`, `published-*`, `third-parties-no`) and the configuration: the title, the
//! checkbox's label, the operator (name and BIN), the purpose, the list of data, the term, third
//! parties, cross-border transfer and countries, publication, and how to withdraw. The record's
//! `texts_sha256` is the SHA-256 of these lines joined by `\n` ([`text_sha256`]): a backend
//! recomputes it from the locale files and its configuration.
//!
//! A record never holds what the visitor typed into the form: only the form and purpose ids.

use crate::config::forms::{Forms, Purpose};
use crate::config::Config;
use crate::consent::{Action, RecordEvent, Surface};
use crate::i18n::{self, id, Lang, Msg};
use crate::record::{strip_query, ConsentRecord, RecordKind};
use crate::time::DateTime;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The name of the field a submission carries for a ticked purpose: `kelisim-consent-<id>`; its
/// value is the record id.
pub fn field_name(purpose_id: &str) -> String {
    ["kelisim-consent-", purpose_id].concat()
}

fn msg(config: &Config, lang: Lang, m: Msg) -> String {
    crate::present::text(config, lang, m)
}

/// The checkbox's one-line label: "I consent to … for: `<purpose>`".
pub fn label(config: &Config, purpose: &Purpose, lang: Lang) -> String {
    i18n::format(
        lang,
        &msg(config, lang, id::PROCESSING_LABEL),
        &[("purpose", purpose.purpose.get(lang))],
    )
}

/// The full text of the consent to `purpose`, one line each, exactly as the dialog shows it
/// (the first line is the title, the second the checkbox's label).
pub fn consent_text(config: &Config, purpose: &Purpose, lang: Lang) -> Vec<String> {
    let m = |id| msg(config, lang, id);
    let f = |id, args: &[(&str, &str)]| i18n::format(lang, &m(id), args);
    let mut lines = vec![m(id::PROCESSING_TITLE), label(config, purpose, lang)];
    if let Some(op) = &config.operator {
        let name = op.name.get(lang);
        lines.push(match &op.bin {
            Some(bin) => f(
                id::PROCESSING_TEXT_OPERATOR,
                &[("operator", name), ("bin", bin)],
            ),
            None => f(id::PROCESSING_TEXT_OPERATOR_NO_BIN, &[("operator", name)]),
        });
    }
    lines.push(f(
        id::PROCESSING_TEXT_PURPOSE,
        &[("purpose", purpose.purpose.get(lang))],
    ));
    lines.push(f(
        id::PROCESSING_TEXT_DATA,
        &[("data", purpose.data.get(lang))],
    ));
    lines.push(f(
        id::PROCESSING_TEXT_TERM,
        &[("term", purpose.term.get(lang))],
    ));
    lines.push(m(if purpose.third_parties {
        id::PROCESSING_THIRD_PARTIES_YES
    } else {
        id::THIRD_PARTIES_NO
    }));
    if purpose.cross_border.is_empty() {
        lines.push(m(id::CROSS_BORDER_NO));
    } else {
        // `ZZ`: the operator asks for cross-border transfer without naming the countries.
        let names: Vec<String> = (purpose.cross_border.iter())
            .map(|c| match c.as_str() {
                crate::disclosure::UNSPECIFIED => m(id::COUNTRIES_UNSPECIFIED),
                c => crate::country::name_or_code(c, lang),
            })
            .collect();
        lines.push(f(id::CROSS_BORDER_YES, &[("list", &names.join(", "))]));
    }
    lines.push(m(if purpose.published {
        id::PUBLISHED_YES
    } else {
        id::PUBLISHED_NO
    }));
    lines.push(withdrawal_note(config, lang));
    lines
}

/// How to withdraw (with the limits of law 94-V Art. 8(2): not where it contradicts the law or
/// while an obligation is unfulfilled), and that the withdrawal reaches the operator. No deadline
/// is promised: `operator.response_days` is the term to answer requests, not to stop processing.
pub fn withdrawal_note(config: &Config, lang: Lang) -> String {
    msg(config, lang, id::PROCESSING_WITHDRAW)
}

/// SHA-256, lowercase hex, of the consent's lines joined by `\n`.
pub fn text_sha256(lines: &[String]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(lines.join("\n").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// What the browser knows about a processing consent's record.
#[derive(Clone, Debug, Default)]
pub struct RecordContext {
    /// The record's id (UUID v4), new for every record.
    pub record_id: String,
    /// The consent's id (UUID v4): new when given, the same when withdrawn.
    pub consent_id: String,
    /// The record of the same consent before this one (the given one, for a withdrawal).
    pub previous_record_id: Option<String>,
    /// Now, Unix seconds.
    pub now: i64,
    /// `location.href`; the query string and fragment are removed.
    pub page_url: String,
    /// `navigator.userAgent`.
    pub user_agent: String,
    /// `navigator.globalPrivacyControl`.
    pub gpc: bool,
}

/// What happened to a processing consent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Given by submitting form `form` with the purpose ticked (`screen`: `form`, or `api`).
    Given(Surface),
    /// Withdrawn in the preference center (`screen`: `settings`, or `api`).
    Withdrawn(Surface),
}

/// The record of a processing consent to `purpose` of form `form`, shown in `lang`.
pub fn record(
    config: &Config,
    form: &str,
    purpose: &Purpose,
    lang: Lang,
    step: Step,
    ctx: &RecordContext,
) -> ConsentRecord {
    let (event, action, screen) = match step {
        Step::Given(s) => (RecordEvent::Given, Action::Submit, s),
        Step::Withdrawn(s) => (RecordEvent::Withdrawn, Action::Withdraw, s),
    };
    ConsentRecord {
        kind: RecordKind::Processing,
        form: Some(form.to_owned()),
        purpose: Some(purpose.id.clone()),
        record_id: ctx.record_id.clone(),
        consent_id: ctx.consent_id.clone(),
        previous_record_id: ctx.previous_record_id.clone(),
        event,
        action,
        screen,
        client_time: DateTime::from_unix(ctx.now).rfc3339(),
        revision: config.revision,
        policy_version: config.policy_version.clone(),
        language: lang.code().to_owned(),
        texts_sha256: text_sha256(&consent_text(config, purpose, lang)),
        categories: BTreeMap::new(),
        services: BTreeMap::new(),
        operator_bin: config.operator.as_ref().and_then(|o| o.bin.clone()),
        third_parties: purpose.third_parties,
        third_party_providers: Vec::new(),
        cross_border: !purpose.cross_border.is_empty(),
        cross_border_countries: purpose.cross_border.clone(),
        published: purpose.published,
        expires: None,
        page_url: strip_query(&ctx.page_url).to_owned(),
        user_agent: ctx.user_agent.clone(),
        gpc: ctx.gpc,
        kelisim_version: env!("CARGO_PKG_VERSION").to_owned(),
        config_changed: false,
    }
}

/// A processing consent given on this device, as local storage keeps it (one key each, see
/// [`crate::storage::processing_key`]) for the preference center.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Given {
    /// The consent id.
    pub consent_id: String,
    /// The record id of the last record of this consent (given, then withdrawn).
    pub record_id: String,
    /// The form id.
    pub form: String,
    /// The purpose id.
    pub purpose: String,
    /// When it was given (RFC 3339, UTC).
    pub given: String,
    /// The language it was given in.
    pub language: String,
    /// When it was withdrawn, if it was.
    pub withdrawn: Option<String>,
}

/// A purpose's checkbox in a form, as the visitor left it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkbox {
    /// The purpose id it stands for.
    pub purpose: String,
    /// Whether it is ticked.
    pub ticked: bool,
    /// The record of the consent this tick gave, if it was recorded already (unticking and
    /// ticking again forgets it: a new tick is a new consent).
    pub record: Option<String>,
}

/// What a submission does with one ticked purpose.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Tick<'a> {
    /// It keeps the record an earlier submission of the same tick made.
    Kept(&'a str),
    /// A new consent to this purpose is given (and recorded).
    Give(&'a Purpose),
}

/// The first checkbox (its index) that blocks the submission: a required purpose left unticked.
pub fn blocking(purposes: &[Purpose], boxes: &[Checkbox]) -> Option<usize> {
    boxes
        .iter()
        .position(|b| !b.ticked && purposes.iter().any(|p| p.id == b.purpose && p.required))
}

/// The ticked purposes of a form (index of the checkbox, what happens): a tick recorded already
/// keeps its record across submissions, a new tick of a configured purpose gives a consent;
/// unticked purposes, and purposes the configuration no longer has, give nothing.
pub fn ticked<'a>(purposes: &'a [Purpose], boxes: &'a [Checkbox]) -> Vec<(usize, Tick<'a>)> {
    boxes
        .iter()
        .enumerate()
        .filter(|(_, b)| b.ticked)
        .filter_map(|(i, b)| match &b.record {
            Some(record) => Some((i, Tick::Kept(record))),
            None => purposes
                .iter()
                .find(|p| p.id == b.purpose)
                .map(|p| (i, Tick::Give(p))),
        })
        .collect()
}

/// Why a processing consent cannot be withdrawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotWithdrawable {
    /// No consent with this id was given on this device, or it was withdrawn already.
    NotGiven,
    /// Its purpose is no longer in the configuration's `forms` (the text of the withdrawal
    /// record cannot be built): the visitor writes to the operator.
    NotConfigured,
}

/// The consent `consent_id` of those `given` on this device that can be withdrawn, with its
/// configured purpose.
pub fn withdrawable<'f>(
    forms: &'f Forms,
    given: &[Given],
    consent_id: &str,
) -> Result<(Given, &'f Purpose), NotWithdrawable> {
    let given = given
        .iter()
        .find(|g| g.consent_id == consent_id && g.withdrawn.is_none())
        .ok_or(NotWithdrawable::NotGiven)?;
    let purpose = forms
        .purpose(&given.form, &given.purpose)
        .ok_or(NotWithdrawable::NotConfigured)?;
    Ok((given.clone(), purpose))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::forms::read_forms;

    const CONFIG: &str = r#"{"revision": 3, "policy_version": "2026-11-01",
      "operator": {"name": {"kk": "«Взаимы» ЖШС", "ru": "ТОО «Взаимы»", "en": "Vzaimy LLP"}, "bin": "240740012077", "response_days": 10},
      "forms": {"loan-application": {"purposes": [
        {"id": "application", "required": true,
         "purpose": {"kk": "өтінімді қарау", "ru": "рассмотрение заявки", "en": "reviewing the application"},
         "data": {"kk": "аты-жөні, ЖСН", "ru": "ФИО, ИИН", "en": "name, IIN"},
         "term": {"kk": "шарт мерзіміне", "ru": "на срок договора", "en": "for the term of the contract"},
         "third_parties": true, "cross_border": ["US", "DE"]},
        {"id": "marketing", "purpose": "offers", "data": "phone", "term": "1 year"}]}}}"#;

    fn setup() -> (Config, crate::config::forms::Forms) {
        let value: serde_json::Value = serde_json::from_str(CONFIG).unwrap();
        let config = crate::config::read(&value).0.unwrap();
        let forms = read_forms(&value).0.unwrap();
        (config, forms)
    }

    fn boxes(ticks: &[(&str, bool, Option<&str>)]) -> Vec<Checkbox> {
        ticks
            .iter()
            .map(|&(purpose, ticked, record)| Checkbox {
                purpose: purpose.into(),
                ticked,
                record: record.map(Into::into),
            })
            .collect()
    }

    #[test]
    fn a_required_purpose_left_unticked_blocks_the_submission() {
        let (_, forms) = setup();
        let purposes = &forms.form("loan-application").unwrap().purposes;
        let none = boxes(&[("application", false, None), ("marketing", false, None)]);
        assert_eq!(blocking(purposes, &none), Some(0));
        let optional_left = boxes(&[("application", true, None), ("marketing", false, None)]);
        assert_eq!(blocking(purposes, &optional_left), None);
        let reordered = boxes(&[("marketing", true, None), ("application", false, None)]);
        assert_eq!(blocking(purposes, &reordered), Some(1));
    }

    #[test]
    fn a_ticked_purpose_keeps_its_record_and_a_new_tick_gives_a_consent() {
        let (_, forms) = setup();
        let purposes = &forms.form("loan-application").unwrap().purposes;
        let form = boxes(&[
            ("application", true, Some("rec-1")),
            ("marketing", true, None),
            ("gone", true, None),
            ("marketing", false, Some("rec-2")),
        ]);
        assert_eq!(
            ticked(purposes, &form),
            [(0, Tick::Kept("rec-1")), (1, Tick::Give(&purposes[1]))]
        );
    }

    #[test]
    fn only_a_given_configured_consent_can_be_withdrawn() {
        let (_, forms) = setup();
        let given = |consent: &str, purpose: &str, withdrawn: Option<&str>| Given {
            consent_id: consent.into(),
            record_id: ["r-", consent].concat(),
            form: "loan-application".into(),
            purpose: purpose.into(),
            given: "2026-11-02T10:00:00Z".into(),
            language: "kk".into(),
            withdrawn: withdrawn.map(Into::into),
        };
        let list = [
            given("c1", "marketing", None),
            given("c2", "marketing", Some("2026-11-03T10:00:00Z")),
            given("c3", "removed-purpose", None),
        ];
        let (g, p) = withdrawable(&forms, &list, "c1").unwrap();
        assert_eq!((g, p.id.as_str()), (list[0].clone(), "marketing"));
        assert_eq!(
            withdrawable(&forms, &list, "c2"),
            Err(NotWithdrawable::NotGiven)
        );
        assert_eq!(
            withdrawable(&forms, &list, "c9"),
            Err(NotWithdrawable::NotGiven)
        );
        assert_eq!(
            withdrawable(&forms, &list, "c3"),
            Err(NotWithdrawable::NotConfigured)
        );
    }

    #[test]
    fn the_text_holds_the_article_8_4_contents_in_each_language() {
        let (config, forms) = setup();
        let p = forms.purpose("loan-application", "application").unwrap();
        let en = consent_text(&config, p, Lang::En);
        assert_eq!(
            en,
            [
                "Consent to the collection and processing of personal data",
                "I consent to the collection and processing of my personal data for: reviewing the application",
                "Operator: Vzaimy LLP, BIN 240740012077",
                "Purpose of processing: reviewing the application",
                "Personal data: name, IIN",
                "Term of the consent: for the term of the contract",
                "Personal data may be passed to third parties.",
                "Cross-border transfer of personal data is possible, receiving countries: United States, Germany.",
                "Personal data are not disseminated in publicly available sources.",
                "You can withdraw this consent in the cookie settings of this site, except where this contradicts the laws of the Republic of Kazakhstan or while an obligation remains unfulfilled. The withdrawal is sent to the operator, who must stop collecting and processing your personal data.",
            ]
        );
        let kk = consent_text(&config, p, Lang::Kk);
        assert_eq!(kk[0], "Дербес деректерді жинауға және өңдеуге келісім");
        assert!(kk[2].contains("«Взаимы» ЖШС") && kk[2].contains("240740012077"));
        assert!(kk.iter().any(|l| l.contains("аты-жөні, ЖСН")));
        let ru = consent_text(&config, p, Lang::Ru);
        assert_eq!(ru[0], "Согласие на сбор и обработку персональных данных");
        assert!(ru.iter().any(|l| l.contains("ФИО, ИИН")));
        // Art. 8(2): withdrawal has the law's limits; `response_days` (answering requests) is no
        // deadline to stop processing.
        assert!(
            ru.last()
                .unwrap()
                .contains("при наличии неисполненного обязательства"),
            "{ru:?}"
        );
        assert!(
            kk.last().unwrap().contains("орындалмаған міндеттеме"),
            "{kk:?}"
        );
        assert!(!ru.last().unwrap().contains("10"), "{ru:?}");
        // Each language, each purpose: a different text, a different hash.
        let hashes: std::collections::BTreeSet<_> = [&en, &kk, &ru]
            .into_iter()
            .map(|t| text_sha256(t))
            .collect();
        assert_eq!(hashes.len(), 3);
        let m = forms.purpose("loan-application", "marketing").unwrap();
        let mt = consent_text(&config, m, Lang::En);
        let mut unnamed = p.clone();
        unnamed.cross_border = vec!["ZZ".into()];
        assert!(consent_text(&config, &unnamed, Lang::En).contains(
            &"Cross-border transfer of personal data is possible, receiving countries: not specified."
                .to_owned()
        ));
        assert!(mt.contains(&"Personal data are not passed to third parties.".to_owned()));
        assert!(mt.contains(&"Personal data are not transferred outside Kazakhstan.".to_owned()));
    }

    #[test]
    fn the_hash_is_of_the_lines_joined_by_newlines() {
        let ab = text_sha256(&["a".into(), "b".into()]);
        assert_eq!(ab, text_sha256(&["a\nb".into()]));
        assert_ne!(ab, text_sha256(&["ab".into()]));
        // `printf 'a\nb' | sha256sum`
        assert_eq!(
            ab,
            "7e18f737311b2dc3b2f269dd78396b0351f14fb66efa879f768cb23181883c78"
        );
    }

    #[test]
    fn a_record_names_form_and_purpose_and_never_the_form_data() {
        let (config, forms) = setup();
        let p = forms.purpose("loan-application", "application").unwrap();
        let ctx = RecordContext {
            record_id: "1b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6f".into(),
            consent_id: "2b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6f".into(),
            previous_record_id: None,
            now: 1_769_853_600,
            page_url: "https://kreditomat.kz/apply?iin=900101300123#x".into(),
            user_agent: "UA".into(),
            gpc: false,
        };
        let r = record(
            &config,
            "loan-application",
            p,
            Lang::Ru,
            Step::Given(Surface::Form),
            &ctx,
        );
        assert_eq!(r.kind, RecordKind::Processing);
        assert_eq!(r.form.as_deref(), Some("loan-application"));
        assert_eq!(r.purpose.as_deref(), Some("application"));
        assert_eq!(
            (r.event, r.action, r.screen),
            (RecordEvent::Given, Action::Submit, Surface::Form)
        );
        assert_eq!(r.client_time, "2026-01-31T10:00:00Z");
        assert_eq!(r.page_url, "https://kreditomat.kz/apply");
        assert_eq!(
            r.texts_sha256,
            text_sha256(&consent_text(&config, p, Lang::Ru))
        );
        assert_eq!(r.cross_border_countries, ["US", "DE"]);
        assert!(r.third_parties && r.cross_border && !r.published);
        assert!(r.categories.is_empty() && r.expires.is_none());
        assert_eq!(r.operator_bin.as_deref(), Some("240740012077"));
        assert_eq!(
            (r.revision, r.policy_version.as_deref()),
            (3, Some("2026-11-01"))
        );
        let json = serde_json::to_string(&r).unwrap();
        assert!(json.contains(r#""kind":"processing""#), "{json}");
        assert!(!json.contains("900101300123"), "{json}");
        let w = record(
            &config,
            "loan-application",
            p,
            Lang::Ru,
            Step::Withdrawn(Surface::Settings),
            &RecordContext {
                record_id: "3b0e4a52-6c8a-4d8e-9a57-3f1b2c4d5e6f".into(),
                previous_record_id: Some(r.record_id.clone()),
                ..ctx
            },
        );
        assert_eq!(w.consent_id, r.consent_id);
        assert_eq!(
            (w.event, w.action, w.screen),
            (RecordEvent::Withdrawn, Action::Withdraw, Surface::Settings)
        );
    }

    #[test]
    fn field_names() {
        assert_eq!(field_name("application"), "kelisim-consent-application");
    }
}
