//! The functions a policy can call without defining them, with their signatures
//! and a line on what each does: what the editor offers in completion, shows in
//! hover and signature help, checks arity against and suggests for a misspelling.
//!
//! **Invariant:** the table lists exactly what Vigil's evaluator can run: every
//! built-in in regorus's table (with the features Vigil builds it with), the two
//! calls regorus's evaluator handles itself (`print`, `set()`), and Vigil's own
//! `vigil.is_unknown`. Completion that offered an OPA built-in regorus lacks
//! (`http.send`, `crypto.x509.*`, `io.jwt.*`) would lead to a policy that fails at
//! evaluation, so those are left out. So are regorus's internal
//! `__builtin_sets.union`/`.intersection`, which implement `|` and `&`.
//! `tests/builtins.rs` holds the table to regorus's.
//!
//! Parameter names and types follow OPA's reference and its type notation
//! (`any<string, array[any]>` is "either of", `object[string: any]` a map).

use std::sync::OnceLock;

/// A function callable by name from any policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Builtin {
    /// The dotted name a policy calls it by, e.g. `strings.replace_n`.
    pub name: &'static str,
    /// For a variadic function, the one parameter that repeats.
    pub params: &'static [Param],
    /// The type of the value, in OPA's notation.
    pub result: &'static str,
    /// One line without a final period, to show next to the signature.
    pub description: &'static str,
    /// Takes any number of arguments (only `print`).
    pub variadic: bool,
    pub origin: Origin,
}

/// One parameter of a [`Builtin`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param {
    pub name: &'static str,
    /// In OPA's notation, e.g. `object[string: string]`.
    pub ty: &'static str,
}

/// Who provides a function, which decides what a call to it may look like and
/// whether the editor should mark it as Vigil's rather than Rego's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Origin {
    /// A standard Rego built-in from regorus's table. Like OPA, regorus accepts
    /// one extra argument for these, bound to the result (`count(xs, n)`).
    Standard,
    /// Handled by regorus's evaluator rather than its table (`print`, `set()`);
    /// no extra output argument.
    Evaluator,
    /// Registered by Vigil (`vigil.is_unknown`); regorus checks an extension's
    /// arity exactly, so no extra output argument either.
    Vigil,
}

impl Builtin {
    /// The signature as signature help and hover show it:
    /// `strings.replace_n(patterns: object[string: string], value: string) -> string`,
    /// with `...` after the parameter of a variadic function.
    pub fn signature(&self) -> String {
        let params: Vec<String> = self.params.iter().map(|p| format!("{}: {}", p.name, p.ty)).collect();
        let dots = if self.variadic { "..." } else { "" };
        format!("{}({}{dots}) -> {}", self.name, params.join(", "), self.result)
    }

    /// Whether a call with `arguments` arguments can run: exactly the parameters,
    /// or for a standard built-in one more (Rego's older form that binds the
    /// result to the last argument, `count(xs, n)`); any number for a variadic one.
    pub fn arity_fits(&self, arguments: usize) -> bool {
        let arity = self.params.len();
        self.variadic || arguments == arity || (self.origin == Origin::Standard && arguments == arity + 1)
    }
}

/// Every function, sorted by name, so that callers can list them as they are and
/// [`lookup`] can search them.
pub fn all() -> &'static [Builtin] {
    ALL
}

/// The function of that exact dotted name.
pub fn lookup(name: &str) -> Option<&'static Builtin> {
    ALL.binary_search_by(|b| b.name.cmp(name)).ok().and_then(|i| ALL.get(i))
}

/// The namespaces of the functions, sorted: every part of a name before a dot,
/// so a nested namespace (`crypto.x509` in OPA; regorus has none today) is listed
/// with each of its parents (`crypto`). Completion offers these after a prefix
/// like `str` and offers the functions after `strings.`.
pub fn namespaces() -> impl Iterator<Item = &'static str> {
    static NAMESPACES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMESPACES.get_or_init(|| namespaces_of(ALL.iter().map(|b| b.name))).iter().copied()
}

/// The closest of `candidates` to a name that matched none of them, if close enough
/// to be a plausible typo: the fewest edits (insertions, deletions, substitutions,
/// swaps of adjacent characters), no more than one for a name of up to five
/// characters, two up to eleven, three beyond. The caller passes the built-in names
/// and the workspace's rule names. A candidate equal to `name` is skipped, since a
/// name is no misspelling of itself; ties go to the earliest candidate.
pub fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let allowed = match name.chars().count() {
        0..=2 => return None,
        3..=5 => 1,
        6..=11 => 2,
        _ => 3,
    };
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        if candidate == name {
            continue;
        }
        let distance = strsim::damerau_levenshtein(name, candidate);
        if distance <= allowed && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

fn namespaces_of(names: impl Iterator<Item = &'static str>) -> Vec<&'static str> {
    let mut out: Vec<&'static str> =
        names.flat_map(|n| n.match_indices('.').map(move |(i, _)| n.get(..i).unwrap_or(n))).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// A standard built-in: `standard!("name", ["param": "type", ...] -> "result", "description")`.
macro_rules! standard {
    ($name:literal, [$($param:literal: $ty:expr),* $(,)?] -> $result:literal, $description:literal) => {
        Builtin {
            name: $name,
            params: &[$(Param { name: $param, ty: $ty }),*],
            result: $result,
            description: $description,
            variadic: false,
            origin: Origin::Standard,
        }
    };
}

const TIME: &str = "any<number, array[any<number, string>]>";

#[rustfmt::skip]
static ALL: &[Builtin] = &[
    standard!("abs", ["x": "number"] -> "number", "The number without its sign"),
    standard!("array.concat", ["x": "array[any]", "y": "array[any]"] -> "array[any]",
        "The elements of x followed by those of y"),
    standard!("array.reverse", ["arr": "array[any]"] -> "array[any]", "The array in reverse order"),
    standard!("array.slice", ["arr": "array[any]", "start": "number", "stop": "number"] -> "array[any]",
        "The elements from index start up to but not including stop, clamped to the array's bounds"),
    standard!("base64.decode", ["x": "string"] -> "string", "Decodes standard base64 text"),
    standard!("base64.encode", ["x": "string"] -> "string",
        "Encodes the string as standard base64 with padding"),
    standard!("base64.is_valid", ["x": "string"] -> "boolean", "Whether the string is valid standard base64"),
    standard!("base64url.decode", ["x": "string"] -> "string",
        "Decodes URL-safe base64 text, with or without padding"),
    standard!("base64url.encode", ["x": "string"] -> "string",
        "Encodes the string as URL-safe base64 with padding"),
    standard!("base64url.encode_no_pad", ["x": "string"] -> "string",
        "Encodes the string as URL-safe base64 without padding"),
    standard!("bits.and", ["x": "number", "y": "number"] -> "number", "Bitwise AND of two integers"),
    standard!("bits.lsh", ["x": "number", "s": "number"] -> "number", "The integer x shifted left by s bits"),
    standard!("bits.negate", ["x": "number"] -> "number", "Bitwise complement of an integer"),
    standard!("bits.or", ["x": "number", "y": "number"] -> "number", "Bitwise OR of two integers"),
    standard!("bits.rsh", ["x": "number", "s": "number"] -> "number",
        "The integer x shifted right by s bits"),
    standard!("bits.xor", ["x": "number", "y": "number"] -> "number", "Bitwise exclusive OR of two integers"),
    standard!("ceil", ["x": "number"] -> "number", "The number rounded up to an integer"),
    standard!("concat", ["delimiter": "string", "collection": "any<array[string], set[string]>"] -> "string",
        "Joins the strings with the delimiter between each pair"),
    standard!("contains", ["haystack": "string", "needle": "string"] -> "boolean",
        "Whether needle occurs anywhere in haystack"),
    standard!("count", ["collection": "any<string, array[any], object[any: any], set[any]>"] -> "number",
        "Number of elements, key-value pairs or characters"),
    standard!("endswith", ["search": "string", "base": "string"] -> "boolean",
        "Whether search ends with base"),
    standard!("floor", ["x": "number"] -> "number", "The number rounded down to an integer"),
    standard!("format_int", ["number": "number", "base": "number"] -> "string",
        "The number, as an integer, written in base 2, 8, 10 or 16"),
    standard!("glob.match", [
        "pattern": "string",
        "delimiters": "any<null, array[string]>",
        "match": "string",
    ] -> "boolean",
        "Whether the string matches the glob; `*` stops at the delimiters (default `.`)"),
    standard!("glob.quote_meta", ["pattern": "string"] -> "string",
        "The string with glob metacharacters escaped, to match literally"),
    standard!("graph.reachable", [
        "graph": "object[any: any<array[any], set[any]>]",
        "initial": "any<array[any], set[any]>",
    ] -> "set[any]",
        "Every node reachable from the initial nodes in a graph of adjacency lists"),
    standard!("graph.reachable_paths", [
        "graph": "object[any: any<array[any], set[any]>]",
        "initial": "any<array[any], set[any]>",
    ] -> "set[array[any]]",
        "Every path from the initial nodes through a graph of adjacency lists"),
    standard!("hex.decode", ["x": "string"] -> "string", "Decodes hexadecimal text"),
    standard!("hex.encode", ["x": "string"] -> "string", "The string's bytes written as hexadecimal"),
    standard!("indexof", ["haystack": "string", "needle": "string"] -> "number",
        "Character index of the first occurrence of needle, or -1 when absent"),
    standard!("indexof_n", ["haystack": "string", "needle": "string"] -> "array[number]",
        "Character indexes of every occurrence of needle"),
    standard!("intersection", ["xs": "set[set[any]]"] -> "set[any]",
        "The elements that all of the given sets share"),
    standard!("is_array", ["x": "any"] -> "boolean", "Whether the value is an array"),
    standard!("is_boolean", ["x": "any"] -> "boolean", "Whether the value is true or false"),
    standard!("is_null", ["x": "any"] -> "boolean", "Whether the value is null"),
    standard!("is_number", ["x": "any"] -> "boolean", "Whether the value is a number"),
    standard!("is_object", ["x": "any"] -> "boolean", "Whether the value is an object"),
    standard!("is_set", ["x": "any"] -> "boolean", "Whether the value is a set"),
    standard!("is_string", ["x": "any"] -> "boolean", "Whether the value is a string"),
    standard!("json.filter", [
        "object": "object[any: any]",
        "paths": "any<array[any<string, array[any]>], set[any<string, array[any]>]>",
    ] -> "any",
        "Keeps only the given paths (`a/b` or `[\"a\", \"b\"]`) of an object"),
    standard!("json.is_valid", ["x": "string"] -> "boolean", "Whether the string parses as JSON"),
    standard!("json.marshal", ["x": "any"] -> "string", "The value written as compact JSON"),
    standard!("json.marshal_with_options", [
        "x": "any",
        "opts": "object<indent: string, prefix: string, pretty: boolean>",
    ] -> "string",
        "The value written as JSON, indented and prefixed as the options say"),
    standard!("json.patch", ["object": "any", "patches": "array[object[string: any]]"] -> "any",
        "The value with a list of JSON Patch (RFC 6902) operations applied"),
    standard!("json.remove", [
        "object": "object[any: any]",
        "paths": "any<array[any<string, array[any]>], set[any<string, array[any]>]>",
    ] -> "any",
        "Drops the given paths (`a/b` or `[\"a\", \"b\"]`) from an object"),
    standard!("json.unmarshal", ["x": "string"] -> "any", "Parses JSON text into a value"),
    standard!("lower", ["x": "string"] -> "string", "The string in lowercase"),
    standard!("max", ["collection": "any<array[any], set[any]>"] -> "any",
        "The largest element, by Rego's ordering of values"),
    standard!("min", ["collection": "any<array[any], set[any]>"] -> "any",
        "The smallest element, by Rego's ordering of values"),
    standard!("net.cidr_contains", ["cidr": "string", "cidr_or_ip": "string"] -> "boolean",
        "Whether the network contains the IP address or the whole other network"),
    standard!("net.cidr_expand", ["cidr": "string"] -> "set[string]", "Every IP address in the network"),
    standard!("net.cidr_is_valid", ["cidr": "string"] -> "boolean",
        "Whether the string is an IPv4 or IPv6 network in CIDR notation"),
    standard!("numbers.range", ["a": "number", "b": "number"] -> "array[number]",
        "The integers from a to b, both included, counting up or down"),
    standard!("numbers.range_step", ["a": "number", "b": "number", "step": "number"] -> "array[number]",
        "The integers from a towards b in steps of a positive step, b included if reached"),
    standard!("object.filter", [
        "object": "object[any: any]",
        "keys": "any<array[any], object[any: any], set[any]>",
    ] -> "object[any: any]",
        "The object with only the given top-level keys"),
    standard!("object.get", ["object": "object[any: any]", "key": "any", "default": "any"] -> "any",
        "The value at a key (or an array of keys, as a path), or default when there is none"),
    standard!("object.keys", ["object": "object[any: any]"] -> "set[any]", "The set of the object's keys"),
    standard!("object.remove", [
        "object": "object[any: any]",
        "keys": "any<array[any], object[any: any], set[any]>",
    ] -> "object[any: any]",
        "The object without the given top-level keys"),
    standard!("object.subset", [
        "super": "any<array[any], object[any: any], set[any]>",
        "sub": "any<array[any], object[any: any], set[any]>",
    ] -> "boolean",
        "Whether sub is contained in super, recursively for objects"),
    standard!("object.union", ["a": "object[any: any]", "b": "object[any: any]"] -> "any",
        "Deep merge of two objects; on conflicting keys b's value wins"),
    standard!("object.union_n", ["objects": "array[object[any: any]]"] -> "any",
        "Deep merge of the objects from left to right; later values win"),
    standard!("opa.runtime", [] -> "object[string: any]",
        "Information about the evaluator: version, features and built-ins"),
    Builtin {
        name: "print",
        params: &[Param { name: "values", ty: "any" }],
        result: "boolean",
        description: "Writes the values, separated by spaces, to the evaluation's output; always true",
        variadic: true,
        origin: Origin::Evaluator,
    },
    standard!("product", ["collection": "any<array[number], set[number]>"] -> "number",
        "All the numbers multiplied together"),
    standard!("rand.intn", ["str": "string", "n": "number"] -> "number",
        "A random integer from 0 up to n, the same for the same seed within one evaluation"),
    standard!("regex.find_all_string_submatch_n", [
        "pattern": "string",
        "value": "string",
        "number": "number",
    ] -> "array[array[string]]",
        "Up to number matches (-1 for all), each with its capture groups"),
    standard!("regex.find_n", ["pattern": "string", "value": "string", "number": "number"] -> "array[string]",
        "Up to number matching substrings (-1 for all)"),
    standard!("regex.is_valid", ["pattern": "string"] -> "boolean",
        "Whether the string compiles as a regular expression"),
    standard!("regex.match", ["pattern": "string", "value": "string"] -> "boolean",
        "Whether the regular expression matches anywhere in the string"),
    standard!("regex.replace", ["s": "string", "pattern": "string", "value": "string"] -> "string",
        "Replaces every match of the pattern in s; value may refer to groups as `$1`"),
    standard!("regex.split", ["pattern": "string", "value": "string"] -> "array[string]",
        "Splits the string wherever the regular expression matches"),
    standard!("regex.template_match", [
        "template": "string",
        "value": "string",
        "delimiter_start": "string",
        "delimiter_end": "string",
    ] -> "boolean",
        "Matches a template whose parts between the delimiters are regular expressions"),
    standard!("replace", ["x": "string", "old": "string", "new": "string"] -> "string",
        "Replaces every occurrence of old with new"),
    standard!("round", ["x": "number"] -> "number", "The nearest integer, halves rounded away from zero"),
    standard!("semver.compare", ["a": "string", "b": "string"] -> "number",
        "-1, 0 or 1 as the first semantic version is lower, equal or higher"),
    standard!("semver.is_valid", ["vsn": "any"] -> "boolean",
        "Whether the value is a string holding a semantic version"),
    Builtin {
        name: "set",
        params: &[],
        result: "set[any]",
        description: "The empty set, which has no literal of its own since `{}` is the empty object",
        variadic: false,
        origin: Origin::Evaluator,
    },
    standard!("sort", ["collection": "any<array[any], set[any]>"] -> "array[any]",
        "The elements as an array in ascending order"),
    standard!("split", ["x": "string", "delimiter": "string"] -> "array[string]",
        "The parts of the string between occurrences of the delimiter"),
    standard!("sprintf", ["format": "string", "values": "array[any]"] -> "string",
        "Formats the values into the string the way Go's fmt does (`%s`, `%d`, `%v`)"),
    standard!("startswith", ["search": "string", "base": "string"] -> "boolean",
        "Whether search begins with base"),
    standard!("strings.any_prefix_match", [
        "search": "any<string, array[string], set[string]>",
        "base": "any<string, array[string], set[string]>",
    ] -> "boolean",
        "Whether any of the search strings begins with any of the base strings"),
    standard!("strings.any_suffix_match", [
        "search": "any<string, array[string], set[string]>",
        "base": "any<string, array[string], set[string]>",
    ] -> "boolean",
        "Whether any of the search strings ends with any of the base strings"),
    standard!("strings.count", ["search": "string", "substring": "string"] -> "number",
        "How many times the substring occurs, without overlaps"),
    standard!("strings.replace_n", ["patterns": "object[string: string]", "value": "string"] -> "string",
        "Replaces each key of patterns found in the string with its value"),
    standard!("strings.reverse", ["x": "string"] -> "string", "The string's characters in reverse order"),
    standard!("substring", ["value": "string", "offset": "number", "length": "number"] -> "string",
        "Characters from offset on, at most length of them (all when length is negative)"),
    standard!("sum", ["collection": "any<array[number], set[number]>"] -> "number",
        "All the numbers added together"),
    standard!("time.add_date", [
        "ns": "number",
        "years": "number",
        "months": "number",
        "days": "number",
    ] -> "number",
        "The nanosecond timestamp moved by a number of years, months and days"),
    standard!("time.clock", ["x": TIME] -> "array[number]",
        "[hour, minute, second] of a nanosecond timestamp (UTC or a given zone)"),
    standard!("time.date", ["x": TIME] -> "array[number]",
        "[year, month, day] of a nanosecond timestamp (UTC or a given zone)"),
    standard!("time.diff", ["ns1": TIME, "ns2": TIME] -> "array[number]",
        "[years, months, days, hours, minutes, seconds] between two timestamps"),
    standard!("time.format", ["x": TIME] -> "string",
        "A nanosecond timestamp as text, RFC 3339 unless a zone and layout are given"),
    standard!("time.now_ns", [] -> "number",
        "The current time in nanoseconds since the Unix epoch, fixed for one evaluation"),
    standard!("time.parse_duration_ns", ["duration": "string"] -> "number",
        "A Go duration such as `1h30m` in nanoseconds"),
    standard!("time.parse_ns", ["layout": "string", "value": "string"] -> "number",
        "Parses a time written in a Go layout into nanoseconds since the Unix epoch"),
    standard!("time.parse_rfc3339_ns", ["value": "string"] -> "number",
        "Parses an RFC 3339 time into nanoseconds since the Unix epoch"),
    standard!("time.weekday", ["x": TIME] -> "string",
        "The day of the week, e.g. `Monday`, of a nanosecond timestamp"),
    standard!("to_number", ["x": "any<null, boolean, number, string>"] -> "number",
        "Converts a string, boolean or null to a number"),
    standard!("trace", ["note": "string"] -> "boolean", "Adds a note to the evaluation's trace"),
    standard!("trim", ["value": "string", "cutset": "string"] -> "string",
        "Strips any of the cutset's characters from both ends"),
    standard!("trim_left", ["value": "string", "cutset": "string"] -> "string",
        "Strips any of the cutset's characters from the start"),
    standard!("trim_prefix", ["value": "string", "prefix": "string"] -> "string",
        "The string without the prefix, if it starts with it"),
    standard!("trim_right", ["value": "string", "cutset": "string"] -> "string",
        "Strips any of the cutset's characters from the end"),
    standard!("trim_space", ["value": "string"] -> "string", "Strips whitespace from both ends"),
    standard!("trim_suffix", ["value": "string", "suffix": "string"] -> "string",
        "The string without the suffix, if it ends with it"),
    standard!("type_name", ["x": "any"] -> "string",
        "The value's type: null, boolean, number, string, array, object or set"),
    standard!("union", ["xs": "set[set[any]]"] -> "set[any]", "Every element of any of the given sets"),
    standard!("units.parse", ["x": "string"] -> "number",
        "A quantity with an SI or binary suffix (`10k`, `2Gi`, `500m`) as a number"),
    standard!("units.parse_bytes", ["x": "string"] -> "number",
        "A size such as `10MB` or `4KiB` as a number of bytes"),
    standard!("upper", ["x": "string"] -> "string", "The string in uppercase"),
    standard!("urlquery.decode", ["x": "string"] -> "string", "Decodes URL query escapes (`%20`, `+`)"),
    standard!("urlquery.decode_object", ["x": "string"] -> "object[string: array[string]]",
        "Parses a URL query into an object of each key's values"),
    standard!("urlquery.encode", ["x": "string"] -> "string", "Escapes the string for use in a URL query"),
    standard!("urlquery.encode_object", [
        "object": "object[string: any<string, array[string], set[string]>]",
    ] -> "string",
        "Writes an object of keys and values as a URL query"),
    Builtin {
        name: "vigil.is_unknown",
        params: &[Param { name: "x", ty: "any" }],
        result: "boolean",
        description: "Whether the value is a placeholder for something known only after apply (Vigil)",
        variadic: false,
        origin: Origin::Vigil,
    },
    standard!("walk", ["x": "any"] -> "array<array[any], any>",
        "Every [path, value] pair in the value, nested ones included; usually `walk(x, [path, value])`"),
];

#[cfg(test)]
mod tests {
    #[test]
    fn nested_namespaces_are_listed_with_their_parents() {
        let names = ["crypto.x509.parse_certificates", "crypto.sha256", "count", "strings.count"];
        assert_eq!(super::namespaces_of(names.into_iter()), ["crypto", "crypto.x509", "strings"]);
    }
}
