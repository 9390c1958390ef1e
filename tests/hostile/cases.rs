//! Issue 11's hostile and broken inputs, as generators: each function makes the files
//! of one case (small and deterministic: a 10,000-deep file is a `repeat`, not a
//! committed file) and says what `vigil check` must do with them: its exit code, the
//! positioned diagnostic the hostile part gets, and the findings of the resources
//! around it, which must still be reported.
//!
//! Used by `server/crates/vigil-cli/tests/hostile.rs` (the real binary on each case)
//! and, through it, to seed the fuzz targets' corpora (`fuzz/corpus/<target>/`, see
//! [`seeds`]). Plain Rust with no dependency, so that both can include it.
//!
//! Messages are matched by stable substrings: budget messages end with a hint on how to
//! raise the budget, whose wording may change.

#![allow(dead_code)] // each includer uses a part

/// One hostile case.
pub struct Case {
    /// The case's name (its test's, and its seeds' in the fuzz corpora).
    pub name: &'static str,
    /// The row of issue 11's table (or the budget) the case stands for.
    pub row: &'static str,
    /// Files by `/`-separated path relative to the checked folder, as bytes (a case
    /// may hold bytes that are not UTF-8).
    pub files: Vec<(String, Vec<u8>)>,
    /// Arguments of `vigil check` after the folder (`--format json` is added).
    pub args: Vec<&'static str>,
    pub expect: Expect,
}

/// What `vigil check --format json` must report on a case.
pub struct Expect {
    pub exit: i32,
    /// Diagnostics that must be there, each exactly once.
    pub diagnostics: Vec<Diag>,
    /// Findings that must be there: the resources the hostile part must not hide.
    pub findings: Vec<Found>,
    /// No diagnostic of severity error or warning at all (the input is valid).
    pub clean: bool,
}

/// A diagnostic: in `file`, starting on `line` (1-based), of `severity`, whose
/// message contains `contains`.
pub struct Diag {
    pub file: &'static str,
    pub line: u32,
    pub severity: &'static str,
    pub contains: &'static str,
}

/// A finding of `policy` on `address` in `file`, starting on `line` (1-based).
pub struct Found {
    pub policy: &'static str,
    pub address: &'static str,
    pub file: &'static str,
    pub line: u32,
}

fn file(path: &str, text: impl Into<Vec<u8>>) -> (String, Vec<u8>) {
    (path.to_string(), text.into())
}

fn diag(file: &'static str, line: u32, severity: &'static str, contains: &'static str) -> Diag {
    Diag { file, line, severity, contains }
}

fn found(policy: &'static str, address: &'static str, file: &'static str, line: u32) -> Found {
    Found { policy, address, file, line }
}

/// The mandatory built-in finding every case keeps beside its hostile part.
pub const PUBLIC_ACL: &str = "VGL-AWS-S3-001";
pub const PRIVILEGED: &str = "VGL-K8S-001";

/// A public S3 bucket (a mandatory finding on its line 3, `acl`).
pub const PUBLIC_BUCKET: &str =
    "resource \"aws_s3_bucket\" \"pub\" {\n  bucket = \"pub\"\n  acl    = \"public-read\"\n}\n";

/// A privileged pod (a mandatory finding on its line 10, `privileged`).
pub const PRIVILEGED_POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: priv\nspec:\n  containers:\n    - name: c\n      image: nginx:1.25\n      securityContext:\n        privileged: true\n";

/// The public bucket in its own `ok/main.tf`, found whatever happens to the case's
/// other files.
fn bucket_beside() -> ((String, Vec<u8>), Found) {
    (file("ok/main.tf", PUBLIC_BUCKET), found(PUBLIC_ACL, "aws_s3_bucket.pub", "ok/main.tf", 3))
}

// ---------------------------------------------------------------------------------
// Broken input never hides what it does not touch.

/// A stray `}` on line 1: the bucket after it is still read (it vanished, exit 0).
pub fn stray_brace() -> Case {
    Case {
        name: "stray_brace",
        row: "a stray `}` on line 1",
        files: vec![file("main.tf", format!("}}\n{PUBLIC_BUCKET}"))],
        args: vec![],
        expect: Expect {
            exit: 3,
            diagnostics: vec![diag("main.tf", 1, "error", "unexpected `}`")],
            findings: vec![found(PUBLIC_ACL, "aws_s3_bucket.pub", "main.tf", 4)],
            clean: false,
        },
    }
}

/// A bare word before a resource.
pub fn bare_word() -> Case {
    Case {
        name: "bare_word",
        row: "a bare word `foo` before a resource",
        files: vec![file("main.tf", format!("foo\n{PUBLIC_BUCKET}"))],
        args: vec![],
        expect: Expect {
            exit: 3,
            diagnostics: vec![diag("main.tf", 1, "error", "unexpected `foo`")],
            findings: vec![found(PUBLIC_ACL, "aws_s3_bucket.pub", "main.tf", 4)],
            clean: false,
        },
    }
}

/// `1e3` and `1e+3` are valid HCL numbers: no error, nothing after them lost.
pub fn number_exponents() -> Case {
    let tf = format!(
        "resource \"aws_ebs_volume\" \"a\" {{\n  size = 1e3\n}}\n\nresource \"aws_ebs_volume\" \"b\" {{\n  size = 1e+3\n}}\n\n{PUBLIC_BUCKET}"
    );
    Case {
        name: "number_exponents",
        row: "`size = 1e3` / `1e+3` (valid HCL numbers)",
        files: vec![file("main.tf", tf)],
        args: vec![],
        expect: Expect {
            exit: 1,
            diagnostics: vec![],
            findings: vec![found(PUBLIC_ACL, "aws_s3_bucket.pub", "main.tf", 11)],
            clean: true,
        },
    }
}

/// A byte that is not UTF-8 in a comment below a finding: the finding stays, the
/// byte is an `encoding` error where it is.
pub fn invalid_utf8_in_a_comment() -> Case {
    let mut tf = PUBLIC_BUCKET.as_bytes().to_vec();
    tf.extend_from_slice(b"# caf\xe9 au lait\n");
    Case {
        name: "invalid_utf8_in_a_comment",
        row: "an invalid UTF-8 byte in a comment",
        files: vec![file("main.tf", tf)],
        args: vec![],
        expect: Expect {
            exit: 3,
            diagnostics: vec![diag("main.tf", 5, "error", "not UTF-8")],
            findings: vec![found(PUBLIC_ACL, "aws_s3_bucket.pub", "main.tf", 3)],
            clean: false,
        },
    }
}

/// An input file with a syntax error fails the check (exit 3) with its other
/// resources still checked.
pub fn syntax_error() -> Case {
    let tf = format!("{PUBLIC_BUCKET}\nresource \"aws_s3_bucket\" \"half\" {{\n  bucket = \n");
    Case {
        name: "syntax_error",
        row: "a syntax error exits 3",
        files: vec![file("main.tf", tf)],
        args: vec![],
        expect: Expect {
            exit: 3,
            diagnostics: vec![diag("main.tf", 8, "error", "missing `}`")],
            findings: vec![found(PUBLIC_ACL, "aws_s3_bucket.pub", "main.tf", 3)],
            clean: false,
        },
    }
}

/// [`syntax_error`] with `--allow-input-errors` and no mandatory finding: exit 0.
pub fn syntax_error_allowed() -> Case {
    let tf = "resource \"aws_s3_bucket\" \"ok\" {\n  bucket = \"ok\"\n  acl    = \"private\"\n}\n\nresource \"aws_s3_bucket\" \"half\" {\n  bucket = \n";
    Case {
        name: "syntax_error_allowed",
        row: "a syntax error with --allow-input-errors exits by the findings",
        files: vec![file("main.tf", tf)],
        args: vec!["--allow-input-errors"],
        expect: Expect {
            exit: 0,
            diagnostics: vec![diag("main.tf", 8, "error", "missing `}`")],
            findings: vec![],
            clean: false,
        },
    }
}

/// No infrastructure file at all: exit 2 (a mistyped path must not pass CI).
pub fn empty_folder() -> Case {
    Case {
        name: "empty_folder",
        row: "checking an empty folder",
        files: vec![file("README.md", "nothing to check here\n")],
        args: vec![],
        expect: Expect { exit: 2, diagnostics: vec![], findings: vec![], clean: true },
    }
}

// ---------------------------------------------------------------------------------
// Decode and read exactly what the tools read.

/// YAML 1.2 escapes in double-quoted scalars are decoded: `Public\x52ead` is the
/// `PublicRead` CloudFormation applies (it was a policy bypass).
pub fn yaml_escapes() -> Case {
    let cfn = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Hex:\n    Type: AWS::S3::Bucket\n    Properties:\n      AccessControl: \"Public\\x52ead\"\n  Folded:\n    Type: AWS::S3::Bucket\n    Properties:\n      AccessControl: \"Public\\\n        Read\"\n  Wide:\n    Type: AWS::S3::Bucket\n    Properties:\n      AccessControl: \"\\u0050ublic\\U00000052ead\"\n";
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: esc\nspec:\n  securityContext:\n    seccompProfile:\n      type: \"Unconf\\x69ned\"\n  containers:\n    - name: c\n      image: nginx:1.25\n      securityContext:\n        privileged: true\n";
    Case {
        name: "yaml_escapes",
        row: "double-quoted YAML with standard escapes (`\\x52`, `\\u`, `\\U`, an escaped line break)",
        files: vec![file("template.yaml", cfn), file("pod.yaml", pod)],
        args: vec![],
        expect: Expect {
            exit: 1,
            diagnostics: vec![],
            findings: vec![
                found(PUBLIC_ACL, "Hex", "template.yaml", 6),
                found(PUBLIC_ACL, "Folded", "template.yaml", 10),
                found(PUBLIC_ACL, "Wide", "template.yaml", 15),
                found("VGL-K8S-056", "Pod/esc", "pod.yaml", 8),
            ],
            clean: true,
        },
    }
}

/// A stream longer than 32,768 lines: the documents past that line are read (every
/// one was dropped).
pub fn yaml_longer_than_32768_lines() -> Case {
    let config_map =
        |i: usize| format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{i}\ndata:\n  k: v\n---\n");
    let mut text: String = (0..5_000).map(config_map).collect();
    let line = text.lines().count() as u32 + 10;
    assert!(line > 32_768);
    text.push_str(PRIVILEGED_POD);
    Case {
        name: "yaml_longer_than_32768_lines",
        row: "a YAML file longer than 32,768 lines",
        files: vec![file("all.yaml", text)],
        args: vec![],
        expect: Expect {
            exit: 1,
            diagnostics: vec![],
            findings: vec![Found { policy: PRIVILEGED, address: "Pod/priv", file: "all.yaml", line }],
            clean: true,
        },
    }
}

/// YAML with lone-CR line endings is read (it was 0 resources, no diagnostic).
pub fn lone_cr_yaml() -> Case {
    Case {
        name: "lone_cr_yaml",
        row: "YAML with lone-CR line endings",
        files: vec![file("pod.yaml", PRIVILEGED_POD.replace('\n', "\r"))],
        args: vec![],
        expect: Expect {
            exit: 1,
            diagnostics: vec![],
            findings: vec![found(PRIVILEGED, "Pod/priv", "pod.yaml", 10)],
            clean: true,
        },
    }
}

/// `count = 2000` with a public bucket ACL at index 1500: every instance under the
/// budget is checked (instances above 1,000 were silently cut). An ACL resource, so
/// that no cross-resource policy makes the case slow.
pub fn count_2000() -> Case {
    let tf = "resource \"aws_s3_bucket_acl\" \"b\" {\n  count  = 2000\n  bucket = \"b${count.index}\"\n  acl    = count.index == 1500 ? \"public-read\" : \"private\"\n}\n";
    Case {
        name: "count_2000",
        row: "`count = 2000` with a public bucket at index 1500",
        files: vec![file("main.tf", tf)],
        args: vec![],
        expect: Expect {
            exit: 1,
            diagnostics: vec![],
            findings: vec![found(PUBLIC_ACL, "aws_s3_bucket_acl.b[1500]", "main.tf", 4)],
            clean: true,
        },
    }
}

// ---------------------------------------------------------------------------------
// Budgets instead of crashes.

/// Budget `instances`: 12,000 instances of one resource, over the 10,000 checked, is a
/// warning on its `count` (never a silent cut); the rest of the module is checked.
pub fn instance_budget() -> Case {
    let tf = format!("resource \"null_resource\" \"many\" {{\n  count = 12000\n}}\n\n{PUBLIC_BUCKET}");
    Case {
        name: "instance_budget",
        row: "budget: instances per resource (`count = 12000`)",
        files: vec![file("main.tf", tf)],
        args: vec![],
        expect: Expect {
            exit: 1,
            diagnostics: vec![diag("main.tf", 2, "warning", "12000 instances")],
            findings: vec![found(PUBLIC_ACL, "aws_s3_bucket.pub", "main.tf", 7)],
            clean: false,
        },
    }
}

const DEEP: &str = "nesting deeper than";

fn too_deep(name: &'static str, row: &'static str, path: &'static str, text: String, line: u32) -> Case {
    let (beside, finding) = bucket_beside();
    Case {
        name,
        row,
        files: vec![file(path, text), beside],
        // State files are read in audit mode.
        args: if path.ends_with(".tfstate") { vec!["--audit"] } else { vec![] },
        expect: Expect {
            exit: 3,
            diagnostics: vec![diag(path, line, "error", DEEP)],
            findings: vec![finding],
            clean: false,
        },
    }
}

/// Budget `module_tree_instances`: a chain of 16 local modules, each called with
/// `count = 10` (10^16 instances), stops where the module tree's budget runs out,
/// said once; the root module's own resources are read. The budget is lowered in
/// `vigil.toml` (`[limits]`) to keep the case fast in a debug build; reading depth
/// first, the chain runs out of it at the call in `m15`.
pub fn module_chain() -> Case {
    let call = |source: &str| format!("module \"m\" {{\n  source = \"{source}\"\n  count  = 10\n}}\n");
    let mut files = vec![
        file("vigil.toml", "[limits]\nmodule_tree_instances = 1000\n"),
        file("main.tf", format!("{}\n{PUBLIC_BUCKET}", call("./modules/m1"))),
    ];
    for i in 1..=16 {
        let mut tf = String::from("resource \"null_resource\" \"r\" {}\n");
        if i < 16 {
            tf = format!("{}\n{tf}", call(&format!("../m{}", i + 1)));
        }
        files.push(file(&format!("modules/m{i}/main.tf"), tf));
    }
    Case {
        name: "module_chain",
        row: "budget: instances per module tree, a 16-deep chain of local modules each with `count = 10`",
        files,
        args: vec![],
        expect: Expect {
            exit: 1,
            diagnostics: vec![diag("modules/m15/main.tf", 1, "warning", "module and resource instances")],
            findings: vec![found(PUBLIC_ACL, "aws_s3_bucket.pub", "main.tf", 8)],
            clean: false,
        },
    }
}

/// Budget `nesting`: 10,000 nested blocks in a `.tf` resource.
pub fn deep_terraform_blocks() -> Case {
    let text = format!(
        "resource \"aws_s3_bucket\" \"deep\" {{\n{}{}}}\n",
        "nested {\n".repeat(10_000),
        "}\n".repeat(10_000)
    );
    too_deep(
        "deep_terraform_blocks",
        "budget: nesting, 10,000 nested blocks in a `.tf` resource",
        "deep/main.tf",
        text,
        101,
    )
}

/// Budget `nesting`: 3,000-deep YAML block mappings in a manifest.
pub fn deep_yaml_mappings() -> Case {
    let mut text = String::from("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n");
    for i in 0..3_000 {
        text.push_str(&"  ".repeat(i + 1));
        text.push_str(&format!("k{i}:\n"));
    }
    too_deep("deep_yaml_mappings", "budget: nesting, 3,000-deep YAML block mappings", "deep.yaml", text, 105)
}

fn nested_arrays() -> String {
    format!("{}{}", "[".repeat(10_000), "]".repeat(10_000))
}

/// Budget `nesting`: 10,000 nested JSON arrays in a CloudFormation template.
pub fn deep_json_template() -> Case {
    let text = format!(
        "{{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {{\"B\": {{\"Type\": \"AWS::S3::Bucket\", \"Properties\": {{\"Tags\": {}}}}}}}}}\n",
        nested_arrays()
    );
    too_deep(
        "deep_json_template",
        "budget: nesting, 10,000 nested JSON arrays in a CloudFormation template",
        "template.json",
        text,
        1,
    )
}

/// Budget `nesting`: 10,000 nested JSON arrays in a Kubernetes manifest.
pub fn deep_json_manifest() -> Case {
    let text = format!(
        "{{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {{\"name\": \"deep\"}}, \"data\": {}}}\n",
        nested_arrays()
    );
    too_deep(
        "deep_json_manifest",
        "budget: nesting, 10,000 nested JSON arrays in a manifest",
        "cm.json",
        text,
        1,
    )
}

/// Budget `nesting`: 10,000 nested JSON arrays in a `.tfstate` (read with `--audit`).
pub fn deep_tfstate() -> Case {
    let text =
        format!("{{\"version\": 4, \"terraform_version\": \"1.6.0\", \"resources\": {}}}\n", nested_arrays());
    too_deep(
        "deep_tfstate",
        "budget: nesting, 10,000 nested JSON arrays in a `.tfstate`",
        "terraform.tfstate",
        text,
        1,
    )
}

/// Found by fuzzing: a JSON string left open at its line hid the nesting after it
/// from the budget (tree-sitter-json ends the string at the line), and reading it
/// overflowed the stack: an abort.
pub fn json_string_left_open_before_deep_nesting() -> Case {
    let text = format!(
        "{{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {{\"B\": {{\"Type\": \"AWS::S3::Bucket\", \"Properties\": {{\"BucketName\": \"\n{}}}}}}}}}\n",
        nested_arrays()
    );
    too_deep(
        "json_string_left_open_before_deep_nesting",
        "fuzzing: an open JSON string before 10,000 nested arrays",
        "template.json",
        text,
        2,
    )
}

/// Found by fuzzing: YAML nested too deep after CRLF lines with non-ASCII text. The
/// error drifted a byte per CRLF line into a character, and the text output panicked.
pub fn deep_yaml_after_crlf_lines() -> Case {
    let text = format!(
        "apiVersion: v1\r\nkind: ConfigMap\r\ndata:\r\n  k: \u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\r\nx: {}\r\n",
        "[".repeat(101)
    );
    too_deep(
        "deep_yaml_after_crlf_lines",
        "fuzzing: deep YAML after CRLF lines with non-ASCII text",
        "deep.yaml",
        text,
        5,
    )
}

/// Found by fuzzing: a JSON file with a character across its byte 4,096 made the plan
/// detection panic (exit 101).
pub fn character_across_4_kib_in_json() -> Case {
    let head = "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"c\"}, \"data\": {\"note\": \"";
    let text = format!("{head}{}{}\"}}}}\n", "x".repeat(4095 - head.len()), "\u{e9}".repeat(10));
    assert!(!text.is_char_boundary(4096));
    let (beside, finding) = bucket_beside();
    Case {
        name: "character_across_4_kib_in_json",
        row: "fuzzing: a JSON file with a character across byte 4,096",
        files: vec![file("cm.json", text), beside],
        args: vec![],
        expect: Expect { exit: 1, diagnostics: vec![], findings: vec![finding], clean: true },
    }
}

/// Nine levels of aliases of nine aliases each: 9^9 values once expanded. `indent` is
/// the indentation of its keys.
fn billion_laughs(indent: &str) -> String {
    let mut text = format!(
        "{indent}a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n"
    );
    for i in 1..10 {
        let previous = format!("*a{}", i - 1);
        text.push_str(&format!("{indent}a{i}: &a{i} [{}]\n", vec![previous; 9].join(", ")));
    }
    text
}

const LAUGHS: &str = "aliases copy more than";

/// Budget `yaml_alias_values`: a billion laughs in a ConfigMap.
pub fn billion_laughs_config_map() -> Case {
    let text =
        format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\ndata:\n{}", billion_laughs("  "));
    let (beside, finding) = bucket_beside();
    Case {
        name: "billion_laughs_config_map",
        row: "budget: YAML alias expansion, a billion laughs in a ConfigMap",
        files: vec![file("cm.yaml", text), beside],
        args: vec![],
        expect: Expect {
            exit: 3,
            diagnostics: vec![diag("cm.yaml", 11, "error", LAUGHS)],
            findings: vec![finding],
            clean: false,
        },
    }
}

/// Budget `yaml_alias_values`: a billion laughs in a CloudFormation template, whose
/// own public bucket after it is still found.
pub fn billion_laughs_template() -> Case {
    let text = format!(
        "AWSTemplateFormatVersion: \"2010-09-09\"\nMetadata:\n{}Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      AccessControl: PublicRead\n",
        billion_laughs("  ")
    );
    let (beside, finding) = bucket_beside();
    Case {
        name: "billion_laughs_template",
        row: "budget: YAML alias expansion, a billion laughs in a CloudFormation template",
        files: vec![file("template.yaml", text), beside],
        args: vec![],
        expect: Expect {
            exit: 3,
            diagnostics: vec![diag("template.yaml", 8, "error", LAUGHS)],
            findings: vec![finding, found(PUBLIC_ACL, "B", "template.yaml", 17)],
            clean: false,
        },
    }
}

/// Budget `yaml_alias_values`: a billion laughs in a Pulumi YAML program.
pub fn billion_laughs_pulumi() -> Case {
    let text = format!(
        "name: lol\nruntime: yaml\nvariables:\n{}resources:\n  b:\n    type: aws:s3:BucketV2\n",
        billion_laughs("  ")
    );
    let (beside, finding) = bucket_beside();
    Case {
        name: "billion_laughs_pulumi",
        row: "budget: YAML alias expansion, a billion laughs in a Pulumi program",
        files: vec![file("Pulumi.yaml", text), beside],
        args: vec![],
        expect: Expect {
            exit: 3,
            diagnostics: vec![diag("Pulumi.yaml", 9, "error", LAUGHS)],
            findings: vec![finding],
            clean: false,
        },
    }
}

/// Budget `yaml_alias_values`: a billion laughs in a policy's METADATA block. The
/// policy does not load (exit 2); the built-in policies still run.
pub fn billion_laughs_metadata() -> Case {
    let mut rego = String::from(
        "# METADATA\n# title: Laughs\n# custom:\n#   id: LOL-1\n#   severity: high\n#   enforcement: mandatory\n#   resources: [aws_s3_bucket]\n# lol:\n",
    );
    for line in billion_laughs("  ").lines() {
        rego.push_str(&format!("# {line}\n"));
    }
    rego.push_str("package hostile.lol\n\nimport rego.v1\n\ndeny contains \"lol\" if {\n  false\n}\n");
    let (beside, finding) = bucket_beside();
    Case {
        name: "billion_laughs_metadata",
        row: "budget: YAML alias expansion, a billion laughs in a policy's METADATA block",
        files: vec![file("policies/lol.rego", rego), beside],
        args: vec!["--policy-dir", "policies"],
        expect: Expect {
            exit: 2,
            diagnostics: vec![diag("policies/lol.rego", 14, "error", LAUGHS)],
            findings: vec![finding],
            clean: false,
        },
    }
}

/// Budget `function_value_mib`: `formatlist("%099999s", range(1024))` (100 MB) used
/// by `count = 20` is an error on the call, not 10 GB.
pub fn function_value_budget() -> Case {
    let tf = format!(
        "resource \"aws_s3_bucket\" \"big\" {{\n  count  = 20\n  bucket = join(\",\", formatlist(\"%099999s\", range(1024)))\n}}\n\n{PUBLIC_BUCKET}"
    );
    Case {
        name: "function_value_budget",
        row: "budget: function values, `formatlist(\"%099999s\", range(1024))` with `count = 20`",
        files: vec![file("main.tf", tf)],
        args: vec![],
        expect: Expect {
            exit: 1,
            diagnostics: vec![diag("main.tf", 3, "warning", "formatlist(): the result is larger than")],
            findings: vec![found(PUBLIC_ACL, "aws_s3_bucket.pub", "main.tf", 8)],
            clean: false,
        },
    }
}

/// Budget `file_mib`: a file larger than it is not read (one error naming the key),
/// and the other files are.
pub fn file_size_budget() -> Case {
    let big = format!("{}{PUBLIC_BUCKET}", "# padding\n".repeat(2 * 1024 * 1024 / 10));
    Case {
        name: "file_size_budget",
        row: "budget: file size, a 2 MiB `.tf` with `file_mib = 1`",
        files: vec![
            file("vigil.toml", "[limits]\nfile_mib = 1\n"),
            file("big.tf", big),
            file("main.tf", PUBLIC_BUCKET),
        ],
        args: vec![],
        expect: Expect {
            exit: 3,
            diagnostics: vec![diag("big.tf", 1, "error", "raise `file_mib`")],
            findings: vec![found(PUBLIC_ACL, "aws_s3_bucket.pub", "main.tf", 3)],
            clean: false,
        },
    }
}

/// Budget `memory_mib`: a process over it does not evaluate the stacks it starts
/// (Linux, where `/proc` tells the resident memory); an error says so at the first
/// resource left, and the check exits 3 rather than pass.
pub fn memory_budget() -> Case {
    Case {
        name: "memory_budget",
        row: "budget: memory while policies run, `memory_mib = 1`",
        files: vec![file("vigil.toml", "[limits]\nmemory_mib = 1\n"), file("main.tf", PUBLIC_BUCKET)],
        args: vec![],
        expect: Expect {
            exit: 3,
            diagnostics: vec![diag("main.tf", 1, "error", "raise `memory_mib`")],
            findings: vec![],
            clean: false,
        },
    }
}

/// Budget `results`: a policy that produces 5,000 results on one resource reports
/// the first 1,000 and a warning naming the key.
pub fn result_budget() -> Case {
    let rego = "# METADATA\n# title: Many\n# custom:\n#   id: HOSTILE-MANY-1\n#   severity: low\n#   enforcement: advisory\n#   resources: [aws_s3_bucket]\npackage hostile.many\n\nimport rego.v1\n\ndeny contains sprintf(\"result %d\", [i]) if {\n  some i in numbers.range(1, 5000)\n}\n";
    Case {
        name: "result_budget",
        row: "budget: results per policy and resource, 5,000 from one policy",
        files: vec![file("policies/many.rego", rego), file("main.tf", PUBLIC_BUCKET)],
        args: vec!["--policy-dir", "policies"],
        expect: Expect {
            exit: 1,
            diagnostics: vec![diag(
                "main.tf",
                1,
                "warning",
                "produced 5000 results on `aws_s3_bucket.pub`: the first 1000",
            )],
            findings: vec![found(PUBLIC_ACL, "aws_s3_bucket.pub", "main.tf", 3)],
            clean: false,
        },
    }
}

/// One mis-indented key in a manifest: the error is on its line, and the rest of the
/// document (its `privileged: true`) and the next document are still checked (the
/// whole file was dropped, with the error at 1:1).
pub fn misindented_key_in_a_manifest() -> Case {
    let pod = PRIVILEGED_POD.replacen("  name: priv\n", "  name: priv\n   labels: x\n", 1);
    let second = PRIVILEGED_POD.replace("name: priv", "name: priv2");
    Case {
        name: "misindented_key_in_a_manifest",
        row: "one mis-indented key in a Kubernetes manifest",
        files: vec![file("pod.yaml", format!("{pod}---\n{second}"))],
        args: vec![],
        expect: Expect {
            exit: 3,
            diagnostics: vec![diag("pod.yaml", 5, "error", "does not fit the YAML around it")],
            findings: vec![
                found("VGL-K8S-001", "Pod/priv", "pod.yaml", 11),
                found("VGL-K8S-001", "Pod/priv2", "pod.yaml", 22),
            ],
            clean: false,
        },
    }
}

/// Budget `setproduct_elements`: a million-element `setproduct` is an error on its
/// local, not minutes and gigabytes.
pub fn setproduct_budget() -> Case {
    let tf = format!(
        "locals {{\n  pairs = setproduct(range(1000), range(1000))\n}}\n\nresource \"aws_s3_bucket\" \"s\" {{\n  bucket = \"s\"\n  tags   = {{ n = length(local.pairs) }}\n}}\n\n{PUBLIC_BUCKET}"
    );
    Case {
        name: "setproduct_budget",
        row: "budget: setproduct elements",
        files: vec![file("main.tf", tf)],
        args: vec![],
        expect: Expect {
            exit: 1,
            diagnostics: vec![diag("main.tf", 2, "warning", "setproduct(): the product has more than")],
            findings: vec![found(PUBLIC_ACL, "aws_s3_bucket.pub", "main.tf", 12)],
            clean: false,
        },
    }
}

/// Budget `preview_steps`: every instance of a resource with `count = 20` builds a
/// 5,000-string set (the fuzzer's find: a broken file whose recovery put such a set
/// in a counted resource took 7 s, each value within every other budget). The preview
/// stops where its work runs out, said once on that expression; the bucket read
/// before it keeps its finding. The budget is lowered in `vigil.toml` to keep the case
/// fast in a debug build.
pub fn preview_budget() -> Case {
    let tf = format!(
        "{PUBLIC_BUCKET}\nresource \"aws_s3_bucket\" \"many\" {{\n  count  = 20\n  bucket = \"many-${{count.index}}\"\n  tags   = {{ n = length(toset(flatten([for a in range(50) : [for b in range(100) : \"s${{a}}-${{b}}\"]]))) }}\n}}\n"
    );
    Case {
        name: "preview_budget",
        row: "budget: preview steps, a 5,000-string set built by each of 20 instances, `preview_steps = 100000`",
        files: vec![file("vigil.toml", "[limits]\npreview_steps = 100000\n"), file("main.tf", tf)],
        args: vec![],
        expect: Expect {
            exit: 3,
            diagnostics: vec![diag("main.tf", 9, "error", "raise `preview_steps`")],
            findings: vec![found(PUBLIC_ACL, "aws_s3_bucket.pub", "main.tf", 3)],
            clean: false,
        },
    }
}

/// `toset()` of 50,000 distinct strings is linear (100k took 61 s): the value is
/// computed, and the finding that depends on it is there.
pub fn toset_of_many_strings() -> Case {
    let tf = "locals {\n  names = toset(flatten([for a in range(250) : [for b in range(200) : \"s${a}-${b}\"]]))\n}\n\nresource \"aws_s3_bucket\" \"n\" {\n  bucket = \"n\"\n  acl    = length(local.names) == 50000 ? \"public-read\" : \"private\"\n}\n";
    Case {
        name: "toset_of_many_strings",
        row: "`toset()` of many distinct strings",
        files: vec![file("main.tf", tf)],
        args: vec![],
        expect: Expect {
            exit: 1,
            diagnostics: vec![],
            findings: vec![found(PUBLIC_ACL, "aws_s3_bucket.n", "main.tf", 7)],
            clean: true,
        },
    }
}

// ---------------------------------------------------------------------------------
// Policies cannot take the process down.

/// A recursive Rego function (an abort in the evaluator) is refused at load, at the
/// recursive call; the other policies are still evaluated. A policy that does not
/// load exits 2.
pub fn recursive_rego_function() -> Case {
    let rego = "# METADATA\n# title: Recursive\n# custom:\n#   id: HOSTILE-REC-1\n#   severity: high\n#   enforcement: mandatory\n#   resources: [aws_s3_bucket]\npackage hostile.recursive\n\nimport rego.v1\n\nf(x) := y if {\n  y := f(x)\n}\n\ndeny contains \"loop\" if {\n  f(1) == 2\n}\n";
    let (beside, finding) = bucket_beside();
    Case {
        name: "recursive_rego_function",
        row: "a recursive Rego function in a policy",
        files: vec![file("policies/recursive.rego", rego), beside],
        args: vec!["--policy-dir", "policies"],
        expect: Expect {
            exit: 2,
            diagnostics: vec![diag("policies/recursive.rego", 13, "error", "recursion")],
            findings: vec![finding],
            clean: false,
        },
    }
}

// ---------------------------------------------------------------------------------
// Cases whose test does more than `vigil check` (hostile.rs says what).

/// A workspace symlink to a file outside it: neither read nor written through. The
/// test makes the link (`outside/pod.yaml` is written beside the workspace, `ws/`).
pub fn symlink_out_of_the_workspace() -> Case {
    let outside = format!("{PRIVILEGED_POD}# OUTSIDE-SECRET\n");
    Case {
        name: "symlink_out_of_the_workspace",
        row: "a workspace symlink pointing outside the workspace",
        files: vec![file("outside/pod.yaml", outside), file("ws/main.tf", PUBLIC_BUCKET)],
        args: vec![],
        expect: Expect {
            exit: 1,
            diagnostics: vec![diag("pod.yaml", 1, "info", "outside the repository")],
            findings: vec![found(PUBLIC_ACL, "aws_s3_bucket.pub", "main.tf", 3)],
            clean: true,
        },
    }
}

/// Untrusted text with U+FFFF, ESC and BEL in a resource name: JUnit stays valid XML,
/// and the text output keeps control bytes off the terminal.
pub fn control_characters_in_names() -> Case {
    let pod = PRIVILEGED_POD.replace("name: priv", "name: \"evil\\uFFFF\\e[2J\\a\"");
    Case {
        name: "control_characters_in_names",
        row: "JUnit output with U+FFFF; text output with ESC/BEL in names",
        files: vec![file("pod.yaml", pod)],
        args: vec![],
        expect: Expect {
            exit: 1,
            diagnostics: vec![],
            findings: vec![found(PRIVILEGED, "Pod/evil\u{ffff}\u{1b}[2J\u{7}", "pod.yaml", 10)],
            clean: true,
        },
    }
}

/// The literal value `literal $${x} and %{y}`, which a fix must write so that it reads
/// back as itself (it was written as an interpolation).
pub const TEMPLATE_LITERAL: &str = "literal $${x} and %{y}";

/// A remediate policy whose fix sets a tag to [`TEMPLATE_LITERAL`]; `vigil fix` must
/// make its finding go away, and a second run change nothing.
pub fn fix_value_with_template_sequences() -> Case {
    let rego = format!(
        "# METADATA\n# title: The note tag is a literal template text\n# custom:\n#   id: HOSTILE-FIX-1\n#   severity: low\n#   enforcement: remediate\n#   resources: [aws_s3_bucket]\npackage hostile.fix\n\nimport rego.v1\n\n_want := {TEMPLATE_LITERAL:?}\n\ndeny contains result if {{\n  input.resource.values.tags.note != _want\n  result := {{\"msg\": \"the note tag is not the template\", \"path\": \"/tags/note\", \"fix\": [{{\"op\": \"replace\", \"path\": \"/tags/note\", \"value\": _want}}], \"fix_safety\": \"safe\"}}\n}}\n"
    );
    let tf = "resource \"aws_s3_bucket\" \"t\" {\n  bucket = \"t\"\n  tags = {\n    note = \"old\"\n  }\n}\n";
    Case {
        name: "fix_value_with_template_sequences",
        row: "a fix value containing `$${...}`",
        files: vec![file("policies/fix.rego", rego), file("main.tf", tf)],
        args: vec!["--policy-dir", "policies"],
        expect: Expect {
            exit: 0,
            diagnostics: vec![],
            findings: vec![found("HOSTILE-FIX-1", "aws_s3_bucket.t", "main.tf", 4)],
            clean: true,
        },
    }
}

/// Every case, for the fuzz seeds.
pub fn all() -> Vec<Case> {
    vec![
        stray_brace(),
        bare_word(),
        number_exponents(),
        invalid_utf8_in_a_comment(),
        syntax_error(),
        syntax_error_allowed(),
        empty_folder(),
        yaml_escapes(),
        yaml_longer_than_32768_lines(),
        lone_cr_yaml(),
        count_2000(),
        instance_budget(),
        module_chain(),
        deep_terraform_blocks(),
        deep_yaml_mappings(),
        deep_json_template(),
        deep_json_manifest(),
        deep_tfstate(),
        json_string_left_open_before_deep_nesting(),
        deep_yaml_after_crlf_lines(),
        character_across_4_kib_in_json(),
        billion_laughs_config_map(),
        billion_laughs_template(),
        billion_laughs_pulumi(),
        billion_laughs_metadata(),
        function_value_budget(),
        file_size_budget(),
        memory_budget(),
        misindented_key_in_a_manifest(),
        result_budget(),
        setproduct_budget(),
        preview_budget(),
        toset_of_many_strings(),
        recursive_rego_function(),
        symlink_out_of_the_workspace(),
        control_characters_in_names(),
        fix_value_with_template_sequences(),
    ]
}

// ---------------------------------------------------------------------------------
// Fuzz seeds.

/// The fuzz targets (fuzz/fuzz_targets) and the seeds each gets from the cases.
pub const FUZZ_TARGETS: [&str; 6] = ["hcl", "yaml", "json", "preview", "metadata", "fix"];

/// A seed is cut to this many bytes: libFuzzer mutates small inputs best, and the
/// start of a deep or long file is what is hostile about it.
pub const SEED_MAX: usize = 64 * 1024;

/// The seeds of a case, as (target, name, bytes): each file for the reader of its
/// syntax, the fix target (its first byte chooses the syntax and operation, see
/// fix.rs), and the whole case for the preview target (`//- /path` before each file).
pub fn seeds(case: &Case) -> Vec<(&'static str, String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut workspace = Vec::new();
    for (i, (path, bytes)) in case.files.iter().enumerate() {
        let name = format!("hostile-{}-{i}", case.name);
        let ext = path.rsplit('.').next().unwrap_or("");
        let (reader, fix_syntax) = match ext {
            "tf" | "tfvars" => ("hcl", Some(0u8)),
            "yaml" | "yml" => ("yaml", Some(1)),
            "json" | "tfstate" => ("json", Some(2)),
            "rego" => ("metadata", None),
            _ => continue,
        };
        out.push((reader, name.clone(), cut(bytes.clone())));
        if let Some(syntax) = fix_syntax {
            // A replace, a remove and an add (fix.rs: 14 values, 3 syntaxes).
            for (k, op) in [0u8, 14, 28].into_iter().enumerate() {
                let mut seed = vec![syntax + 3 * op, 0];
                seed.extend_from_slice(bytes);
                out.push(("fix", format!("{name}-{k}"), cut(seed)));
            }
        }
        if reader != "metadata" {
            workspace.extend_from_slice(format!("//- /{path}\n").as_bytes());
            workspace.extend_from_slice(bytes);
            if !bytes.ends_with(b"\n") {
                workspace.push(b'\n');
            }
        }
    }
    if !workspace.is_empty() {
        out.push(("preview", format!("hostile-{}", case.name), cut(workspace)));
    }
    out
}

fn cut(mut bytes: Vec<u8>) -> Vec<u8> {
    bytes.truncate(SEED_MAX);
    bytes
}
