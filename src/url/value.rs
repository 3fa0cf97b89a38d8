//! Values of transformation entries and query parameters, and how a scalar prints.

use core::fmt::{self, Write};

/// A numeric transformation value: an integer, a float, or an ImageKit expression such as
/// `iw_div_2` or `auto`.
///
/// ```
/// use imagekit::Number;
/// assert_eq!(Number::from(300), Number::Int(300));
/// assert_eq!(Number::from("iw_div_2"), Number::Expr("iw_div_2"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number<'a> {
    /// An integer, printed in decimal.
    Int(i64),
    /// A float, printed in shortest round-trip digits, never with an exponent, `.0` when integral.
    /// It must be finite.
    Float(f64),
    /// Text printed as given (an expression, `auto`, `16-9`…).
    Expr(&'a str),
}

macro_rules! number_from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Number<'_> {
            fn from(v: $t) -> Self {
                Number::Int(i64::from(v))
            }
        }
    )*};
}
number_from_int!(i8, i16, i32, i64, u8, u16, u32);

impl From<f64> for Number<'_> {
    fn from(v: f64) -> Self {
        Number::Float(v)
    }
}

impl From<f32> for Number<'_> {
    fn from(v: f32) -> Self {
        Number::Float(f64::from(v))
    }
}

impl<'a> From<&'a str> for Number<'a> {
    fn from(v: &'a str) -> Self {
        Number::Expr(v)
    }
}

/// `true`/`false` as text, for the parameters that take either a flag or a number (`trim`).
impl From<bool> for Number<'_> {
    fn from(v: bool) -> Self {
        Number::Expr(if v { "true" } else { "false" })
    }
}

/// A dynamic value: what a JSON value in the official SDKs' options can be, less objects.
///
/// ```
/// use imagekit::Value;
/// assert_eq!(Value::from("jpg"), Value::Str("jpg"));
/// assert_eq!(Value::from(true), Value::Bool(true));
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value<'a> {
    /// Drops the entry or parameter.
    #[default]
    Null,
    /// A JSON boolean (flag effects render their bare code for `true`).
    Bool(bool),
    /// A signed integer.
    Int(i64),
    /// An integer above `i64::MAX`.
    UInt(u64),
    /// A float; it must be finite.
    Float(f64),
    /// A string.
    Str(&'a str),
    /// A list (only `streaming_resolutions` takes one).
    List(Vec<Value<'a>>),
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(v: &'a str) -> Self {
        Value::Str(v)
    }
}

impl From<bool> for Value<'_> {
    fn from(v: bool) -> Self {
        Value::Bool(v)
    }
}

impl From<f64> for Value<'_> {
    fn from(v: f64) -> Self {
        Value::Float(v)
    }
}

macro_rules! value_from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Value<'_> {
            fn from(v: $t) -> Self {
                Value::Int(i64::from(v))
            }
        }
    )*};
}
value_from_int!(i8, i16, i32, i64, u8, u16, u32);

impl From<u64> for Value<'_> {
    fn from(v: u64) -> Self {
        match i64::try_from(v) {
            Ok(i) => Value::Int(i),
            Err(_) => Value::UInt(v),
        }
    }
}

impl<'a> From<Number<'a>> for Value<'a> {
    fn from(n: Number<'a>) -> Self {
        match n {
            Number::Int(i) => Value::Int(i),
            Number::Float(f) => Value::Float(f),
            Number::Expr(s) => Value::Str(s),
        }
    }
}

impl Value<'_> {
    /// True for what the rules drop: `null`, `""` and `[]`.
    pub(crate) fn is_blank(&self) -> bool {
        match self {
            Value::Null => true,
            Value::Str(s) => s.is_empty(),
            Value::List(items) => items.is_empty(),
            _ => false,
        }
    }
}

/// Writes a float as ImageKit's SDKs print it: the shortest digits that read back as the same
/// float, positional (never an exponent), and `.0` when it is integral (`2.0`, `0.0001`);
/// `-0.0` is `0.0`. `Display` for `f64` already prints positional shortest digits; only the
/// `.0` is ours.
pub(crate) fn write_float<W: Write>(w: &mut W, f: f64) -> fmt::Result {
    if f == 0.0 {
        return w.write_str("0.0");
    }
    struct Tracking<'w, W> {
        inner: &'w mut W,
        dot: bool,
    }
    impl<W: Write> Write for Tracking<'_, W> {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            self.dot |= s.contains('.');
            self.inner.write_str(s)
        }
    }
    let mut t = Tracking {
        inner: w,
        dot: false,
    };
    write!(t, "{f}")?;
    if !t.dot {
        t.inner.write_str(".0")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case(1.0, "1.0")]
    #[case(0.5, "0.5")]
    #[case(15.5, "15.5")]
    #[case(1e-5, "0.00001")]
    #[case(1e16, "10000000000000000.0")]
    #[case(1e21, "1000000000000000000000.0")]
    #[case(-2.5e-5, "-0.000025")]
    #[case(-0.0, "0.0")]
    #[case(0.0, "0.0")]
    fn floats_print_positional_with_dot_zero(#[case] f: f64, #[case] want: &str) {
        let mut s = String::new();
        write_float(&mut s, f).unwrap();
        assert_eq!(s, want);
    }
}
