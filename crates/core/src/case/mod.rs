//! Vetting cases (DOMAIN §5.1–5.2): the state machine of each case kind, verification requests
//! and their answers, conclusions and their document numbers, deadlines in working days and
//! the case clocks. Pure domain logic; the store keeps cases and the app layer drives them.

/// An enum stored and exchanged by a stable snake_case code, shown by a Vietnamese label.
macro_rules! coded_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $code:literal => $label:literal,)+ }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($(#[$vm])* $variant,)+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }

            pub fn from_code(s: &str) -> Option<Self> {
                match s { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                $name::from_code(&s).ok_or_else(|| {
                    ::serde::de::Error::custom(format!(concat!("giá trị không hợp lệ cho ", stringify!($name), ": {}"), s))
                })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}
pub(crate) use coded_enum;

pub mod clock;
pub mod deadline;
pub mod docnum;
pub mod flow;
pub mod verify;

pub use deadline::Deadlines;
pub use flow::{Facts, Refusal, Stage, Step, advance, stages, steps_at};
