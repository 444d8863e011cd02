//! What kelisim shows, decided from the visitor's consent: the first layer's state ([`Shown`]:
//! the banner, nothing but the floating button, or the preference center) and the preference
//! center's switches when it opens ([`switches`]). The browser shells only render it.

use crate::config::Config;
use crate::consent::Consent;
use crate::ids::Ids;

/// What the first layer shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    /// Nothing but the floating button (after a choice), or nothing at all.
    Hidden,
    /// The first layer.
    Banner,
    /// The app's preference center is open; the first layer shows nothing.
    Settings,
}

impl Shown {
    /// On start: the banner without a valid consent, else nothing.
    pub fn at_start(consent: Option<&Consent>) -> Shown {
        match consent {
            None => Shown::Banner,
            Some(_) => Shown::Hidden,
        }
    }

    /// The Global Privacy Control rule has just changed the consent on start: the banner, which
    /// says why.
    pub fn after_gpc_change() -> Shown {
        Shown::Banner
    }

    /// The preference center closed without a choice: closing is not consent, so the banner
    /// again when there is no consent yet, else nothing.
    pub fn after_settings_closed(consent: Option<&Consent>) -> Shown {
        Shown::at_start(consent)
    }

    /// Another tab stored a consent: its banner goes; the preference center stays open.
    pub fn after_other_tab(self) -> Shown {
        match self {
            Shown::Banner => Shown::Hidden,
            other => other,
        }
    }

    /// Whether the floating button shows: nothing else is shown, there is a consent to change,
    /// and the configuration wants it.
    pub fn floating_button(self, consent: Option<&Consent>, config: &Config) -> bool {
        self == Shown::Hidden && consent.is_some() && config.floating_button.enabled
    }
}

/// The preference center's switches when it opens: the current grants, or without a consent
/// only the required categories (a switch is never pre-ticked).
pub fn switches(config: &Config, consent: Option<&Consent>) -> Ids {
    match consent {
        Some(c) => c.granted.clone(),
        None => config.required_ids(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    fn consent(granted: &[&str]) -> Consent {
        Consent {
            id: "5f1d3c1e-8f4a-4a52-9c1e-2b7d6f0a9e11".into(),
            revision: 1,
            given: 1_780_000_000,
            language: Lang::Kk,
            granted: granted.iter().map(|s| (*s).to_owned()).collect(),
            gpc: false,
        }
    }

    #[test]
    fn the_banner_shows_without_consent_or_after_a_gpc_change() {
        let c = consent(&["necessary"]);
        assert_eq!(Shown::at_start(None), Shown::Banner);
        assert_eq!(Shown::at_start(Some(&c)), Shown::Hidden);
        assert_eq!(Shown::after_gpc_change(), Shown::Banner);
    }

    #[test]
    fn closing_the_settings_is_not_consent() {
        assert_eq!(Shown::after_settings_closed(None), Shown::Banner);
        let c = consent(&["necessary"]);
        assert_eq!(Shown::after_settings_closed(Some(&c)), Shown::Hidden);
    }

    #[test]
    fn another_tab_s_choice_hides_the_banner_but_not_the_settings() {
        assert_eq!(Shown::Banner.after_other_tab(), Shown::Hidden);
        assert_eq!(Shown::Settings.after_other_tab(), Shown::Settings);
        assert_eq!(Shown::Hidden.after_other_tab(), Shown::Hidden);
    }

    #[test]
    fn the_floating_button_needs_a_consent_nothing_else_shown_and_the_setting() {
        let mut config = Config::default();
        let c = consent(&["necessary"]);
        assert!(Shown::Hidden.floating_button(Some(&c), &config));
        assert!(!Shown::Hidden.floating_button(None, &config));
        assert!(!Shown::Banner.floating_button(Some(&c), &config));
        assert!(!Shown::Settings.floating_button(Some(&c), &config));
        config.floating_button.enabled = false;
        assert!(!Shown::Hidden.floating_button(Some(&c), &config));
    }

    #[test]
    fn the_switches_are_never_pre_ticked() {
        let config = Config::default();
        assert_eq!(switches(&config, None), config.required_ids());
        assert!(!switches(&config, None).contains("analytics"));
        let c = consent(&["necessary", "analytics"]);
        assert_eq!(switches(&config, Some(&c)), c.granted);
    }
}
