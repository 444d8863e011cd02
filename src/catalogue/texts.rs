//! The catalogue's texts in kk, ru and en, compiled by `build.rs` from
//! `locales/{kk,ru,en}/catalogue.ftl` (ids `<service>-provider` and `<service>-purpose`).

use crate::lang::Lang;

include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));

/// The text `<id><suffix>` in `lang`.
pub(super) fn get(lang: Lang, id: &str, suffix: &str) -> Option<&'static str> {
    let key = [id, suffix].concat();
    let i = IDS.binary_search(&key.as_str()).ok()?;
    Some(match lang {
        Lang::Kk => KK[i],
        Lang::Ru => RU[i],
        Lang::En => EN[i],
    })
}
