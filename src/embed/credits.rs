//! Whose data the map shows, and so whose credits and which schematic note
//! the footer and the PNG export give (pure: the same words in both places).

use crate::i18n::{fill, text, Lang, Msg, ARTICLE_TITLE};

/// Whose data the map shows: the credits and the schematic note follow it.
#[derive(Clone, Debug, PartialEq)]
pub enum DataCredits {
    /// The embedded default data, with its sources.
    Default,
    /// A host's own file, with the credits its `attribution` option gives.
    Host(Option<String>),
}

impl DataCredits {
    /// The note shown when a position on the map is schematic: the default
    /// data's names what is schematic; a host's data gets the general one.
    pub fn schematic_note(&self) -> Msg {
        match self {
            DataCredits::Default => Msg::Provenance,
            DataCredits::Host(_) => Msg::SchematicGeneric,
        }
    }

    /// The credits as plain lines (the PNG export; the footer says the same
    /// with markup): the schematic note when some position shown is
    /// schematic, then whose data it is. A picture of a portal's data must
    /// not credit the default data's sources.
    pub fn plain_lines(&self, lang: Lang, any_schematic: bool) -> Vec<String> {
        let sources = match self {
            DataCredits::Default => fill(
                text(lang, Msg::Attribution),
                &[("title", ARTICLE_TITLE.to_string())],
            ),
            DataCredits::Host(Some(credits)) => credits.clone(),
            DataCredits::Host(None) => text(lang, Msg::HostDataCredit).to_string(),
        };
        let note = any_schematic.then(|| text(lang, self.schematic_note()).to_string());
        note.into_iter().chain([sources]).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_picture_of_a_portals_data_credits_the_portal_not_the_default_sources() {
        let default = DataCredits::Default.plain_lines(Lang::En, true);
        assert_eq!(default.len(), 2);
        assert!(default[1].contains("MetroMapOpenMiniProgram"));
        let portal = DataCredits::Host(Some("© Test bureau".into()));
        assert_eq!(portal.plain_lines(Lang::En, false), ["© Test bureau"]);
        let lines = portal.plain_lines(Lang::Zh, true);
        assert_eq!(lines[0], text(Lang::Zh, Msg::SchematicGeneric));
        assert!(lines
            .iter()
            .all(|l| !l.contains("MetroMap") && !l.contains("孟凡明")));
        assert_eq!(
            DataCredits::Host(None).plain_lines(Lang::En, false),
            [text(Lang::En, Msg::HostDataCredit)]
        );
    }
}
