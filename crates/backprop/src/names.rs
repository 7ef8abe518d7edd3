//! Names for the enums that cross files, URLs and the command line: one macro gives each
//! its list of values, its name, `Display`, a `FromStr` whose error lists the choices, and
//! serde's `Serialize`/`Deserialize` through the same names — one table per enum.

/// `named_enum!(Type, "what", Variant => "name", …)`: `Type::ALL` (in the given order),
/// `name()`, `Display`, `FromStr` failing with `unknown what "x" (expected one of …)`, and
/// serde's `Serialize`/`Deserialize` as that name (so JSON, URLs and the CLI agree).
macro_rules! named_enum {
    ($ty:ident, $what:literal, $($variant:ident => $name:literal),+ $(,)?) => {
        impl $ty {
            /// Every value, in the order the page and the CLI list them.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The name used in model files, URLs and the CLI.
            pub fn name(self) -> &'static str {
                match self { $($ty::$variant => $name),+ }
            }
        }
        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.name())
            }
        }
        impl ::std::str::FromStr for $ty {
            type Err = $crate::error::Error;
            fn from_str(s: &str) -> $crate::error::Result<Self> {
                $ty::ALL.iter().copied().find(|v| v.name() == s).ok_or_else(|| {
                    let names: Vec<&str> = $ty::ALL.iter().map(|v| v.name()).collect();
                    $crate::error::Error::new($crate::error::Code::Unknown)
                        .with("what", $what)
                        .with("v", format!("{s:?}"))
                        .with("list", names.join(", "))
                })
            }
        }
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.name())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                let s = <::std::string::String as ::serde::Deserialize>::deserialize(d)?;
                s.parse().map_err(::serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use named_enum;
