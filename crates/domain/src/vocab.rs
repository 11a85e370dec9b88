//! Controlled vocabularies: stable concept ids, kept apart from their labels.
//!
//! The ids follow the ESSGlobal qualifiers vocabulary (RIPESS) so that directory data can be
//! exchanged with other SSE maps; labels are for people and may be translated without the data
//! changing.

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $what:literal, { $($variant:ident => $id:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, ::serde::Serialize, ::serde::Deserialize)]
        pub enum $name {
            $(#[serde(rename = $id)] $variant,)+
        }

        impl $name {
            /// Every concept, in catalogue order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The stable concept id, as stored and exchanged.
            pub fn id(self) -> &'static str {
                match self { $($name::$variant => $id,)+ }
            }

            /// The English label; translations live with the web pages.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }

            /// Parses a concept id, naming the accepted ones when it is unknown.
            pub fn parse(s: &str) -> Result<Self, $crate::parse::ParseError> {
                let s = s.trim();
                $(if s == $id { return Ok($name::$variant); })+
                Err($crate::parse::ParseError::new(format!(
                    "\"{}\" is not a known {}; use one of: {}",
                    s,
                    $what,
                    [$($id),+].join(", ")
                )))
            }
        }

        // The schema is the ids as they travel (`consumer_cooperative`), made from the same
        // list as the parser, so the document and the API cannot disagree.
        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::SchemaType::new(
                        utoipa::openapi::schema::Type::String,
                    ))
                    .enum_values(Some([$($id),+]))
                    .description(Some(concat!("A ", $what, ": one of the ids listed.")))
                    .into()
            }
        }
        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.id())
            }
        }

        impl $crate::vocab::Vocabulary for $name {
            fn id(self) -> &'static str {
                $name::id(self)
            }
            fn parse(s: &str) -> Result<Self, $crate::parse::ParseError> {
                $name::parse(s)
            }
        }
    };
}

/// What every controlled vocabulary has: stable ids to store and exchange, read back strictly
/// (for code that handles any of them alike, such as the store's row decoding).
pub trait Vocabulary: Sized + Copy {
    /// The stable concept id.
    fn id(self) -> &'static str;
    /// Parses a concept id.
    fn parse(s: &str) -> Result<Self, crate::parse::ParseError>;
}

pub(crate) use vocabulary;

vocabulary!(
    /// A qualifier of an organization or a product (ESSGlobal `qualifier`).
    Qualifier, "qualifier", {
        Organic => "organic", "Organic";
        Agroecological => "agroecological", "Agroecological";
        FairTrade => "fair-trade", "Fair trade";
        GenderEquity => "gender-equity", "Gender equity";
        IndigenousTraditional => "indigenous-traditional", "Indigenous / traditional";
        PeasantFamilyFarming => "peasant-family-farming", "Peasant / family farming";
        Local => "local", "Local";
        SelfManagement => "self-management", "Self-management";
        Commons => "commons", "Commons";
        PgsCertified => "pgs-certified", "Participatory guarantee system (PGS) certified";
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for q in Qualifier::ALL {
            assert_eq!(Qualifier::parse(q.id()).unwrap(), *q);
            assert!(seen.insert(q.id()));
            let json = serde_json::to_string(q).unwrap();
            assert_eq!(json, format!("\"{}\"", q.id()));
        }
    }

    #[test]
    fn unknown_id_names_the_choices() {
        let e = Qualifier::parse("biodynamic").unwrap_err();
        assert!(e
            .reason()
            .contains("\"biodynamic\" is not a known qualifier"));
        assert!(e.reason().contains("fair-trade"));
    }
}
