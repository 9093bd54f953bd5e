//! Open enums: a known set of values plus any value Unipile adds later, kept as sent.
//!
//! [`open_string_enum!`](crate::open_string_enum) and
//! [`open_int_enum!`](crate::open_int_enum) generate the enum, its table of known values
//! (`Type::KNOWN`), the conversions both ways, serde, `Display` and `Debug`. An unknown
//! value never fails to deserialize: it lands in the `Unknown` variant, whose payload is
//! opaque ([`UnknownValue`], [`UnknownCode`]) so that code cannot match on it and silently
//! break when the value becomes a named variant. Compare with `.as_str()` or `.code()`.

use std::fmt;

/// A string value that this version of the SDK does not know, kept as sent.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnknownValue(Box<str>);

impl UnknownValue {
    #[doc(hidden)]
    pub fn new(value: &str) -> Self {
        Self(value.into())
    }

    /// The value as Unipile sent it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// An integer code that this version of the SDK does not know, kept as sent.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnknownCode(i64);

impl UnknownCode {
    #[doc(hidden)]
    pub fn new(code: i64) -> Self {
        Self(code)
    }

    /// The code as Unipile sent it.
    pub fn get(self) -> i64 {
        self.0
    }
}

impl fmt::Debug for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// Defines an open enum over string values. See the [module docs](crate::model::open_enum).
///
/// ```
/// unipile_core::open_string_enum! {
///     /// The colour of a thing.
///     pub enum Colour {
///         /// Red.
///         Red => "RED",
///         /// Blue.
///         Blue => "BLUE",
///     }
/// }
/// assert_eq!(Colour::from("RED"), Colour::Red);
/// let new = Colour::from("GREEN");
/// assert!(new.is_unknown());
/// assert_eq!(new.as_str(), "GREEN");
/// ```
#[macro_export]
macro_rules! open_string_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $value:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of the SDK does not know, kept as sent.
            Unknown($crate::model::open_enum::UnknownValue),
        }

        impl $name {
            /// Every known value, in declaration order.
            pub const KNOWN: &'static [$name] = &[ $( $name::$variant ),+ ];

            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $value, )+
                    $name::Unknown(v) => v.as_str(),
                }
            }

            /// Whether this is a value the SDK does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, $name::Unknown(_))
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $value => $name::$variant, )+
                    other => $name::Unknown($crate::model::open_enum::UnknownValue::new(other)),
                }
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                $name::from(value.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok($name::from(s))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    $( $name::$variant => f.write_str(stringify!($variant)), )+
                    $name::Unknown(v) => write!(f, "Unknown({:?})", v.as_str()),
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::model::lenient::string_or_number(d).map($name::from)
            }
        }

        $crate::__schema_impl!(string $name { $( $variant => $value ),+ });
    };
}

/// Defines an open enum over integer codes. See the [module docs](crate::model::open_enum).
///
/// Codes also deserialize from numeric strings (`"3"`), as webhooks send them.
///
/// ```
/// unipile_core::open_int_enum! {
///     /// A size.
///     pub enum Size {
///         /// Small.
///         Small => 0,
///         /// Large.
///         Large => 1,
///     }
/// }
/// assert_eq!(Size::from(1), Size::Large);
/// assert_eq!(Size::from(7).code(), 7);
/// assert!(Size::from(7).is_unknown());
/// ```
#[macro_export]
macro_rules! open_int_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $code:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A code this version of the SDK does not know, kept as sent.
            Unknown($crate::model::open_enum::UnknownCode),
        }

        impl $name {
            /// Every known value, in declaration order.
            pub const KNOWN: &'static [$name] = &[ $( $name::$variant ),+ ];

            /// The code as it appears on the wire.
            pub fn code(self) -> i64 {
                match self {
                    $( $name::$variant => $code, )+
                    $name::Unknown(c) => c.get(),
                }
            }

            /// Whether this is a code the SDK does not know.
            pub fn is_unknown(self) -> bool {
                matches!(self, $name::Unknown(_))
            }
        }

        impl From<i64> for $name {
            fn from(code: i64) -> Self {
                match code {
                    $( $code => $name::$variant, )+
                    other => $name::Unknown($crate::model::open_enum::UnknownCode::new(other)),
                }
            }
        }

        impl From<$name> for i64 {
            fn from(value: $name) -> i64 {
                value.code()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.code())
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    $( $name::$variant => f.write_str(stringify!($variant)), )+
                    $name::Unknown(c) => write!(f, "Unknown({})", c.get()),
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_i64(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                match $crate::model::lenient::opt_i64(d)? {
                    Some(code) => Ok($name::from(code)),
                    None => Err(serde::de::Error::custom(concat!(
                        "expected an integer code for ",
                        stringify!($name),
                        ", found null"
                    ))),
                }
            }
        }

        $crate::__schema_impl!(int $name { $( $variant => $code ),+ });
    };
}

/// `schemars::JsonSchema` for the types of [`open_string_enum!`](crate::open_string_enum),
/// [`open_int_enum!`](crate::open_int_enum) and the ids, when `unipile-core` has its
/// `schema` feature; nothing otherwise. The feature is tested here, in `unipile-core`, so
/// that a crate using the macros needs no feature of its own.
#[cfg(feature = "schema")]
#[doc(hidden)]
#[macro_export]
macro_rules! __schema_impl {
    (@impl $name:ident, inline: $inline:literal, $schema:expr) => {
        impl $crate::model::schema::schemars::JsonSchema for $name {
            fn inline_schema() -> bool {
                $inline
            }

            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(stringify!($name))
            }

            fn schema_id() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(concat!(module_path!(), "::", stringify!($name)))
            }

            fn json_schema(
                _: &mut $crate::model::schema::schemars::SchemaGenerator,
            ) -> $crate::model::schema::schemars::Schema {
                $schema
            }
        }
    };
    (id $name:ident) => {
        $crate::__schema_impl!(@impl $name, inline: true, $crate::model::schema::string_id());
    };
    (string $name:ident { $( $variant:ident => $value:literal ),+ }) => {
        $crate::__schema_impl!(
            @impl $name,
            inline: false,
            $crate::model::schema::open_string_enum(&[ $( $value ),+ ])
        );
    };
    (int $name:ident { $( $variant:ident => $code:literal ),+ }) => {
        $crate::__schema_impl!(
            @impl $name,
            inline: false,
            $crate::model::schema::open_int_enum(&[ $( ($code, stringify!($variant)) ),+ ])
        );
    };
}

/// Without the `schema` feature: nothing.
#[cfg(not(feature = "schema"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __schema_impl {
    ($($anything:tt)*) => {};
}

#[cfg(test)]
mod tests {
    open_string_enum! {
        /// Test enum.
        pub enum Kind {
            /// A.
            A => "a",
            /// B.
            B => "b",
        }
    }
    open_int_enum! {
        /// Test codes.
        pub enum Code {
            /// Zero.
            Zero => 0,
            /// Minus one.
            MinusOne => -1,
        }
    }

    #[test]
    fn string_enum_round_trips_known_and_unknown() {
        for k in Kind::KNOWN {
            let json = serde_json::to_string(k).expect("ser");
            assert_eq!(&serde_json::from_str::<Kind>(&json).expect("de"), k);
        }
        let u: Kind = serde_json::from_str("\"sticker_pack\"").expect("unknown");
        assert!(u.is_unknown());
        assert_eq!(u.as_str(), "sticker_pack");
        assert_eq!(serde_json::to_string(&u).expect("ser"), "\"sticker_pack\"");
        assert_eq!(format!("{u:?}"), "Unknown(\"sticker_pack\")");
    }

    #[test]
    fn int_enum_round_trips_known_and_unknown() {
        for c in Code::KNOWN {
            let json = serde_json::to_string(c).expect("ser");
            assert_eq!(&serde_json::from_str::<Code>(&json).expect("de"), c);
        }
        assert_eq!(
            serde_json::from_str::<Code>("\"-1\"").expect("str"),
            Code::MinusOne
        );
        let u: Code = serde_json::from_str("14").expect("unknown");
        assert_eq!(u.code(), 14);
        assert!(u.is_unknown());
        assert!(serde_json::from_str::<Code>("null").is_err());
    }
}
