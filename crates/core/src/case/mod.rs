//! Vetting cases (DOMAIN §5.1–5.2): the state machine of each case kind, verification requests
//! and their answers, conclusions and their document numbers, deadlines in working days and
//! the case clocks. Pure domain logic; the store keeps cases and the app layer drives them.

/// An enum stored and exchanged by a stable snake_case code, shown by a Vietnamese label:
/// `ALL`, `code()`, `label()`, `from_code()`, serde as the code, `Display` as the label.
///
/// Exported at the crate root (`bvctnb_core::coded_enum!`) so other crates' enums of the same
/// kind share one definition; `crate::case::coded_enum` still names it inside core.
///
/// ```
/// bvctnb_core::coded_enum! {
///     /// How a letter travels.
///     Channel {
///         Post = "post" => "Bưu điện",
///         ByHand = "by_hand" => "Chuyển tay",
///     }
/// }
/// assert_eq!(Channel::from_code("by_hand"), Some(Channel::ByHand));
/// assert_eq!(Channel::Post.to_string(), "Bưu điện");
/// ```
#[macro_export]
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

            pub fn from_code(s: &str) -> ::std::option::Option<Self> {
                match s { $($code => ::std::option::Option::Some($name::$variant),)+ _ => ::std::option::Option::None }
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as $crate::__private::serde::Deserialize>::deserialize(d)?;
                $name::from_code(&s).ok_or_else(|| {
                    $crate::__private::serde::de::Error::custom(::std::format!(
                        ::std::concat!("giá trị không hợp lệ cho ", ::std::stringify!($name), ": {}"),
                        s
                    ))
                })
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}
pub use crate::coded_enum;

pub mod clock;
pub mod deadline;
pub mod docnum;
pub mod flow;
pub mod verify;

pub use deadline::Deadlines;
pub use flow::{Facts, NoteKind, Refusal, Stage, Step, advance, stages, steps_at};
